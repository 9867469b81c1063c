using ObrasQr;
using ObrasQr.Accountability;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Pages;
using ObrasQr.Qr;
using ObrasQr.Reports;
using ObrasQr.Secop;
using ObrasQr.Sync;
using static ObrasQr.Http.BodyLimit;
using static ObrasQr.Http.CachePolicy;

namespace ObrasQr.Http;

/// <summary>
/// The whole HTTP contract in one table: every route with its handler, who may call it, how large its body may be
/// and how its answers are cached. The server maps it (<see cref="ObrasQrApp.MapObrasQr"/>); the Functions app
/// declares one function per row with the same name, method and path (a test compares them).
/// </summary>
public static class HttpContract
{
    // Before the table: static fields are set in order.
    static readonly string[] GetAndHead = ["GET", "HEAD"];

    public static readonly HttpRoute[] Routes =
    [
        // For citizens: the page behind each billboard's QR code, reports and their follow-up.
        //   name                  path                                  handler                              role             body              cache
        Page("ContractPage",       "/o/{contractId}",                    ContractPageHandlers.Show,           NoStore),
        Get("ContractPreview",     "/o/{contractId}/vista.png",          ContractPageHandlers.Preview,        Roles.Anyone,    Day),
        Get("QrPng",               "/o/{contractId}/qr.png",             QrHandlers.Png,                      Roles.Anyone,    Week),
        Get("QrSvg",               "/o/{contractId}/qr.svg",             QrHandlers.Svg,                      Roles.Anyone,    Week),
        Get("BillboardPanel",      "/o/{contractId}/valla.svg",          QrHandlers.Panel,                    Roles.Anyone,    Week),
        PagePost("ReportSubmitForm", "/o/{contractId}/reportes",         CitizenReportHandlers.SubmitForm,                     ReportWithPhotos),
        Page("ReportFormRedirect", "/o/{contractId}/reportes",           ContractPageHandlers.ToForm,         NoStore),
        Page("FollowUpForm",       "/seguimiento",                       CitizenReportHandlers.FollowUpForm,  NoStore),
        PagePost("FollowUp",       "/seguimiento",                       CitizenReportHandlers.FollowUp,                       SmallForm),
        Page("Privacy",            "/privacidad",                        ContractPageHandlers.Privacy,        Hour),
        Post("ReportSubmitApi",    "/api/contracts/{contractId}/reports", CitizenReportHandlers.SubmitApi,    Roles.Anyone,    ReportWithPhotos),
        Post("ReportLookup",       "/api/reports/lookup",                CitizenReportHandlers.Lookup,        Roles.Anyone,    SmallForm),

        // Public accountability: the works as a whole, statistics, the semiannual report (Ley 1474 de 2011 art. 76), the map.
        Page("WorksIndex",         "/",                                  WorksIndexHandlers.Index,            NoStore),
        Page("Statistics",         "/estadisticas",                      StatisticsHandlers.Statistics,       NoStore),
        Page("SemesterPublic",     "/estadisticas/semestre/{semestre}",  StatisticsHandlers.PublicSemester,   NoStore),
        DeskPage("SemesterDesk",   "/escritorio/informe-semestral",      StatisticsHandlers.DeskSemester,     Roles.Auditor),
        Get("SemesterDeskCsv",     "/escritorio/informe-semestral.csv",  StatisticsHandlers.DeskSemesterCsv,  Roles.Auditor,   NoStore),
        Page("Map",                "/mapa",                              MapHandlers.Map,                     NoStore),
        Page("MapLeafletJs",       "/mapa/leaflet.js",                   MapHandlers.LeafletJs,               Week),
        Page("MapLeafletCss",      "/mapa/leaflet.css",                  MapHandlers.LeafletCss,              Week),
        Page("MapScript",          "/mapa/mapa.js",                      MapHandlers.MapScript,               Day),

        // Open data.
        Get("ContractsList",       "/api/contracts",                     ContractHandlers.List,               Roles.Anyone,    NoStore),
        Get("ContractsGet",        "/api/contracts/{contractId}",        ContractHandlers.Get,                Roles.Anyone,    NoStore),

        // For auditors.
        Get("ReportsList",         "/api/reports",                       AuditorReportHandlers.List,          Roles.Auditor,   NoStore),
        Get("ReportDetail",        "/api/reports/{reportId}",            AuditorReportHandlers.Detail,        Roles.Auditor,   NoStore),
        Get("ReportPhoto",         "/api/reports/{reportId}/photos/{n:int}", AuditorReportHandlers.Photo,     Roles.Auditor,   PrivateNoStore),
        Patch("ReportChangeStatus", "/api/reports/{reportId}",           AuditorReportHandlers.ChangeStatus,  Roles.Auditor,   Json),

        // For the contracting office.
        Post("ExportUpload",       "/api/exports",                       ExportHandlers.Upload,               Roles.Office,    Export),
        Get("ExportStatus",        "/api/exports/{exportId}",            ExportHandlers.Status,               Roles.Office,    NoStore),
        Post("SyncNow",            "/api/sync",                          SyncHandlers.RunNow,                 Roles.Office,    None),
        Get("BillboardsZip",       "/api/billboards.zip",                BillboardHandlers.Zip,               Roles.Office,    NoStore),

        // For whoever runs it.
        Get("Health",              "/api/health",                        HealthHandlers.Check,                Roles.Anyone,    NoStore),
    ];

    static HttpRoute Get(string name, string path, Delegate handler, string? role, CachePolicy cache) =>
        new(name, GetAndHead, path, handler, role, None, cache);

    static HttpRoute Post(string name, string path, Delegate handler, string? role, long body) =>
        new(name, ["POST"], path, handler, role, body, NoStore);

    static HttpRoute Patch(string name, string path, Delegate handler, string? role, long body) =>
        new(name, ["PATCH"], path, handler, role, body, NoStore);

    /// <summary>An HTML page for anyone, left out of the API's OpenAPI document.</summary>
    static HttpRoute Page(string name, string path, Delegate handler, CachePolicy cache) =>
        new(name, GetAndHead, path, handler, Roles.Anyone, None, cache, Document: false);

    /// <summary>A staff page under /escritorio, for <paramref name="role"/>, left out of OpenAPI.</summary>
    static HttpRoute DeskPage(string name, string path, Delegate handler, string role) =>
        new(name, GetAndHead, path, handler, role, None, NoStore, Document: false);

    static HttpRoute PagePost(string name, string path, Delegate handler, long body) =>
        new(name, ["POST"], path, handler, Roles.Anyone, body, NoStore, Document: false);

    public static HttpRoute Named(string name) => Routes.Single(r => r.Name == name);
}
