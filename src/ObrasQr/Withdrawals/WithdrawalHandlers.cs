using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Desk;
using ObrasQr.Http;
using ObrasQr.Pages;
using ObrasQr.Storage;

namespace ObrasQr.Withdrawals;

/// <summary>For the office: withdraw a work from publication and publish it again, by API and from the desk's works list.</summary>
public static class WithdrawalHandlers
{
    /// <summary>POST /api/contracts/{contractId}/withdrawal with { reason }: the work leaves every listing; its page says why.</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound), Problem(StatusCodes.Status409Conflict),
     Problem(StatusCodes.Status415UnsupportedMediaType)]
    public static async Task<Results<Ok<WithdrawalAnswer>, ProblemHttpResult>> Withdraw(HttpRequest request, ContractId contractId, Caller caller,
        WorkPublication publication)
    {
        if (!request.HasJsonContentType())
            return Problems.Of("body", "Envíe { \"reason\": \"…\" } como application/json.", StatusCodes.Status415UnsupportedMediaType);
        var (body, problem) = await JsonBody.ReadAsync<WithdrawalRequest>(request, "el retiro { reason }");
        if (problem is not null) return Problems.Of(problem);
        return await publication.WithdrawAsync(contractId, body!.Reason, caller, request.HttpContext.RequestAborted) switch
        {
            WorkPublication.Done done => TypedResults.Ok(new WithdrawalAnswer(done.Act.ContractId, new WithdrawalNotice(done.Act.At, done.Act.Reason!))),
            WorkPublication.Refused refused => Problems.Of(refused.Problem),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}."),
        };
    }

    /// <summary>DELETE /api/contracts/{contractId}/withdrawal: the work is published again.</summary>
    [Problem(StatusCodes.Status404NotFound), Problem(StatusCodes.Status409Conflict)]
    public static async Task<Results<NoContent, ProblemHttpResult>> Republish(ContractId contractId, Caller caller, WorkPublication publication,
        CancellationToken ct) =>
        await publication.RepublishAsync(contractId, caller, ct) switch
        {
            WorkPublication.Done => TypedResults.NoContent(),
            WorkPublication.Refused refused => Problems.Of(refused.Problem),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}."),
        };

    /// <summary>POST /escritorio/obras/{contractId}/retirar (field "motivo"): back to the works list, which names it.</summary>
    public static async Task<Results<RedirectHttpResult, HtmlPage<DeskMessagePage>>> WithdrawForm(HttpRequest request, ContractId contractId, Caller caller, WorkPublication publication,
        PageRenderer pages)
    {
        var (form, unreadable) = await FormBody.ReadAsync(request, BodyLimit.SmallForm);
        if (unreadable is not null) return await Refusal(pages, caller, unreadable);
        return await publication.WithdrawAsync(contractId, FormBody.First(form!, "motivo"), caller, request.HttpContext.RequestAborted) switch
        {
            WorkPublication.Done done => TypedResults.Redirect($"/escritorio/obras?retirada={Uri.EscapeDataString(done.Act.ContractId)}#retiradas"),
            WorkPublication.Refused refused => await Refusal(pages, caller, refused.Problem),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}."),
        };
    }

    /// <summary>POST /escritorio/obras/{contractId}/publicar: back to the works list, which names it.</summary>
    public static async Task<Results<RedirectHttpResult, HtmlPage<DeskMessagePage>>> RepublishForm(HttpRequest request, ContractId contractId, Caller caller, WorkPublication publication,
        PageRenderer pages) =>
        await publication.RepublishAsync(contractId, caller, request.HttpContext.RequestAborted) switch
        {
            WorkPublication.Done done => TypedResults.Redirect($"/escritorio/obras?publicada={Uri.EscapeDataString(done.Act.ContractId)}"),
            WorkPublication.Refused refused => await Refusal(pages, caller, refused.Problem),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}."),
        };

    static Task<HtmlPage<DeskMessagePage>> Refusal(PageRenderer pages, Caller caller, FieldProblem problem) =>
        pages.HtmlAsync<DeskMessagePage>(new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Heading"] = "No se cambió la publicación de la obra",
            ["Message"] = problem.Reason,
            ["Section"] = "obras",
            ["BackTo"] = "/escritorio/obras",
        }, problem.Status);
}

/// <summary>The API's JSON body.</summary>
public sealed record WithdrawalRequest(string? Reason);

/// <summary>The withdrawn work and what its page now says.</summary>
public sealed record WithdrawalAnswer(string ContractId, WithdrawalNotice Withdrawal);
