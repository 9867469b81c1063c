using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Reports;

namespace ObrasQr.OpenData;

/// <summary>For auditors: whether a report's description and photos are published as open data (Open311).</summary>
public static class ReportPublicationHandlers
{
    /// <summary>POST /api/reports/{reportId}/publicable: { publishable: true|false }; kept in the report's history with
    /// the auditor's name. The reporter's identity is never published, whatever is decided here.</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound), Problem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Ok<ReportPublication>, ProblemHttpResult>> Set(HttpRequest request, string reportId, Caller caller,
        ReportWorkflow workflow, TimeProvider clock)
    {
        var (decision, problem) = await JsonBody.ReadAsync<PublicationRequest>(request, "la decisión { publishable: true o false }");
        if (problem is not null) return Problems.Of(problem);
        if (decision!.Publishable is not { } publishable)
            return Problems.Of("publishable", "Diga si el reporte se publica: publishable debe ser true o false.");
        var outcome = await workflow.SetPublishableAsync(reportId, publishable, caller, request.HttpContext.RequestAborted);
        return outcome switch
        {
            ReportOutcome.Changed c => TypedResults.Ok(new ReportPublication(c.Report.ReportId, c.Report.Publishable, c.Report.History)),
            ReportOutcome.Refused r => Problems.Of(r.Problem),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome}."),
        };
    }
}

public sealed record PublicationRequest(bool? Publishable);

public sealed record ReportPublication(string ReportId, bool Publishable, IReadOnlyList<StatusChange> History);
