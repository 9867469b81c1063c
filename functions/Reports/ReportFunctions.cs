using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions.Reports;

/// <summary>Citizens' reports: the form, the API, the follow-up, and the auditors' JSON API (their desk's pages are in
/// Desk/AuditorDeskFunctions.cs). Each function is the row of <see cref="HttpContract"/> with its name: the same path and
/// method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class ReportFunctions
{
    [Function(nameof(ReportSubmitForm))]
    public IResult ReportSubmitForm([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "o/{contractId}/reportes")] HttpRequest req) => RouteInvoker.Run(nameof(ReportSubmitForm));

    [Function(nameof(FollowUpForm))]
    public IResult FollowUpForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "seguimiento")] HttpRequest req) => RouteInvoker.Run(nameof(FollowUpForm));

    [Function(nameof(FollowUp))]
    public IResult FollowUp([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "seguimiento")] HttpRequest req) => RouteInvoker.Run(nameof(FollowUp));

    [Function(nameof(ReportSubmitApi))]
    public IResult ReportSubmitApi([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/contracts/{contractId}/reports")] HttpRequest req) => RouteInvoker.Run(nameof(ReportSubmitApi));

    [Function(nameof(ReportLookup))]
    public IResult ReportLookup([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reports/lookup")] HttpRequest req) => RouteInvoker.Run(nameof(ReportLookup));

    [Function(nameof(ReportsList))]
    public IResult ReportsList([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/reports")] HttpRequest req) => RouteInvoker.Run(nameof(ReportsList));

    [Function(nameof(ReportDetail))]
    public IResult ReportDetail([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/reports/{reportId}")] HttpRequest req) => RouteInvoker.Run(nameof(ReportDetail));

    [Function(nameof(ReportPhoto))]
    public IResult ReportPhoto([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/reports/{reportId}/photos/{n:int}")] HttpRequest req) => RouteInvoker.Run(nameof(ReportPhoto));

    [Function(nameof(ReportChangeStatus))]
    public IResult ReportChangeStatus([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/reports/{reportId}")] HttpRequest req) => RouteInvoker.Run(nameof(ReportChangeStatus));
}
