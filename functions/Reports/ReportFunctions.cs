using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Reports;

namespace ObrasQr.Functions.Reports;

/// <summary>Citizens' reports: the form, the API, the follow-up, and the auditors' desk.</summary>
public sealed class ReportFunctions(ReportHandlers handlers)
{
    [Function("ReportSubmitForm")]
    public Task<IResult> SubmitForm([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "o/{contractId}/reportes")] HttpRequest req, string contractId) =>
        handlers.SubmitForm(req, contractId);

    [Function("FollowUpForm")]
    public Task<IResult> FollowUpForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "seguimiento")] HttpRequest req) =>
        handlers.FollowUpForm(req);

    [Function("FollowUp")]
    public Task<IResult> FollowUp([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "seguimiento")] HttpRequest req) =>
        handlers.FollowUp(req);

    [Function("ReportSubmitApi")]
    public Task<IResult> SubmitApi([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/contracts/{contractId}/reports")] HttpRequest req, string contractId) =>
        handlers.SubmitApi(req, contractId);

    [Function("ReportLookup")]
    public Task<IResult> Lookup([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reports/lookup")] HttpRequest req) =>
        handlers.Lookup(req);

    [Function("ReportsList")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/reports")] HttpRequest req) =>
        handlers.List(req);

    [Function("ReportDetail")]
    public Task<IResult> Detail([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/reports/{reportId}")] HttpRequest req, string reportId) =>
        handlers.Detail(req, reportId);

    [Function("ReportPhoto")]
    public Task<IResult> Photo([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/reports/{reportId}/photos/{n:int}")] HttpRequest req, string reportId, int n) =>
        handlers.Photo(req, reportId, n);

    [Function("ReportChangeStatus")]
    public Task<IResult> ChangeStatus([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/reports/{reportId}")] HttpRequest req, string reportId) =>
        handlers.ChangeStatus(req, reportId);
}
