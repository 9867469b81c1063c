using ObrasQr;
using ObrasQr.Accountability;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.OpenData;
using ObrasQr.Desk;
using ObrasQr.Pages;
using ObrasQr.Progress;
using ObrasQr.Qr;
using ObrasQr.Reports;
using ObrasQr.Secop;
using ObrasQr.Staff;
using ObrasQr.Sync;
using ObrasQr.Withdrawals;
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
        //   name                  path                                  handler                              role             body or cache     summary (API)
        Page("ContractPage",       "/o/{contractId}",                    ContractPageHandlers.Show,           CitizenPage),
        Get("ContractPreview",     "/o/{contractId}/vista.png",          ContractPageHandlers.Preview,        Roles.Anyone,    Day, "Vista previa de la página de una obra (PNG)"),
        Get("QrPng",               "/o/{contractId}/qr.png",             QrHandlers.Png,                      Roles.Anyone,    Week, "Código QR de una obra (PNG)"),
        Get("QrSvg",               "/o/{contractId}/qr.svg",             QrHandlers.Svg,                      Roles.Anyone,    Week, "Código QR de una obra (SVG)"),
        Get("BillboardPanel",      "/o/{contractId}/valla.svg",          QrHandlers.Panel,                    Roles.Anyone,    Week, "Panel de la valla de una obra (SVG)"),
        PagePost("ReportSubmitForm", "/o/{contractId}/reportes",         CitizenReportHandlers.SubmitForm,                     ReportWithPhotos),
        Page("ReportFormRedirect", "/o/{contractId}/reportes",           ContractPageHandlers.ToForm,         NoStore),
        Page("FollowUpForm",       "/seguimiento",                       CitizenReportHandlers.FollowUpForm,  NoStore),
        PagePost("FollowUp",       "/seguimiento",                       CitizenReportHandlers.FollowUp,                       SmallForm),
        Page("Privacy",            "/privacidad",                        ContractPageHandlers.Privacy,        Hour),
        Page("Robots",             "/robots.txt",                        Robots.Txt,                          Day),
        Post("ReportSubmitApi",    "/api/contracts/{contractId}/reports", CitizenReportHandlers.SubmitApi,    Roles.Anyone,    ReportWithPhotos, "Enviar un reporte ciudadano sobre una obra"),
        Post("ReportLookup",       "/api/reports/lookup",                CitizenReportHandlers.Lookup,        Roles.Anyone,    SmallForm, "Consultar un reporte con su código de seguimiento"),

        // Public accountability: the works as a whole, statistics, the semiannual report (Ley 1474 de 2011 art. 76), the map.
        Page("WorksIndex",         "/",                                  WorksIndexHandlers.Index,            NoStore),
        Page("Statistics",         "/estadisticas",                      StatisticsHandlers.Statistics,       NoStore),
        Page("SemesterPublic",     "/estadisticas/semestre/{semestre}",  StatisticsHandlers.PublicSemester,   NoStore),
        Desk("SemesterDesk",       "/escritorio/informe-semestral",      StatisticsHandlers.DeskSemester,     Roles.Auditor),
        Get("SemesterDeskCsv",     "/escritorio/informe-semestral.csv",  StatisticsHandlers.DeskSemesterCsv,  Roles.Auditor,   NoStore, "Informe semestral de los reportes (CSV)"),
        Page("Map",                "/mapa",                              MapHandlers.Map,                     NoStore),
        Page("MapLeafletJs",       "/mapa/leaflet.js",                   MapHandlers.LeafletJs,               Week),
        Page("MapLeafletCss",      "/mapa/leaflet.css",                  MapHandlers.LeafletCss,              Week),
        Page("MapScript",          "/mapa/mapa.js",                      MapHandlers.MapScript,               Day),

        // Open data.
        Get("ContractsList",       "/api/contracts",                     ContractHandlers.List,               Roles.Anyone,    NoStore, "Listar las obras publicadas"),
        Get("ContractsGet",        "/api/contracts/{contractId}",        ContractHandlers.Get,                Roles.Anyone,    NoStore, "Una obra con su contrato"),
        Get("Oc4ids",              "/api/oc4ids.json",                   Oc4idsHandlers.Package,              Roles.Anyone,    FiveMinutes, "Las obras como paquete OC4IDS"),
        Get("ContractsCsv",        "/api/contracts.csv",                 OpenDataHandlers.ContractsCsv,       Roles.Anyone,    FiveMinutes, "Las obras en CSV"),
        Get("Open311Services",     "/open311/v2/services.{format}",      Open311Handlers.Services,            Roles.Anyone,    Day, "Servicios Open311: los tipos de reporte"),
        Get("Open311Requests",     "/open311/v2/requests.{format}",      Open311Handlers.Requests,            Roles.Anyone,    NoStore, "Reportes publicables (Open311)"),
        Get("Open311Request",      "/open311/v2/requests/{reportId}.{format}", Open311Handlers.Request,       Roles.Anyone,    NoStore, "Un reporte publicable (Open311)"),
        Get("Open311Media",        "/open311/v2/requests/{reportId}/media/{n:int}", Open311Handlers.Media,   Roles.Anyone,    NoStore, "Foto de un reporte publicable (Open311)"),
        Page("DataDictionary",     "/datos",                             OpenDataHandlers.Dictionary,         Hour),
        Post("ReportPublishable",  "/api/reports/{reportId}/publicable", ReportPublicationHandlers.Set,       Roles.Auditor,   Json, "Marcar si un reporte es publicable"),

        // For auditors.
        Get("ReportsList",         "/api/reports",                       AuditorReportHandlers.List,          Roles.Auditor,   NoStore, "Listar los reportes"),
        Get("ReportDetail",        "/api/reports/{reportId}",            AuditorReportHandlers.Detail,        Roles.Auditor,   NoStore, "Un reporte con su historia"),
        Get("ReportPhoto",         "/api/reports/{reportId}/photos/{n:int}", AuditorReportHandlers.Photo,     Roles.Auditor,   PrivateNoStore, "Foto de un reporte"),
        Patch("ReportChangeStatus", "/api/reports/{reportId}",           AuditorReportHandlers.ChangeStatus,  Roles.Auditor,   Json, "Cambiar el estado de un reporte"),

        // The auditors' desk: the reports in the browser (src/ObrasQr/Desk/AuditorDesk*).
        Desk("DeskReports",        "/escritorio/reportes",               AuditorDeskHandlers.List,            Roles.Auditor),
        Desk("DeskReport",         "/escritorio/reportes/{reportId}",    AuditorDeskHandlers.Show,            Roles.Auditor),
        DeskPost("DeskReportIdentity", "/escritorio/reportes/{reportId}/identidad", AuditorDeskHandlers.RevealIdentity, Roles.Auditor, SmallForm),
        DeskPost("DeskReportStatus", "/escritorio/reportes/{reportId}/estado", AuditorDeskHandlers.ChangeStatus, Roles.Auditor, SmallForm),
        DeskPost("DeskReportPublishable", "/escritorio/reportes/{reportId}/publicable", AuditorDeskHandlers.SetPublishable, Roles.Auditor, SmallForm),
        DeskPost("DeskReportAssign", "/escritorio/reportes/{reportId}/asignar", AuditorDeskActions.Assign, Roles.Auditor, SmallForm),
        DeskPost("DeskReportsBulk", "/escritorio/reportes/lote",          AuditorDeskActions.ChangeMany,       Roles.Auditor, SmallForm),

        // For the contracting office.
        Post("ExportUpload",       "/api/exports",                       ExportHandlers.Upload,               Roles.Office,    Export, "Cargar una exportación de SECOP II"),
        Get("ExportStatus",        "/api/exports/{exportId}",            ExportHandlers.Status,               Roles.Office,    NoStore, "Estado de una carga"),
        // An export over the one-request limit, in chunks (Secop/ExportUploadHandlers.cs).
        Post("ExportUploadStart",  "/api/exports/uploads",               ExportUploadHandlers.Start,          Roles.Office,    Json, "Empezar una carga por partes"),
        Put("ExportUploadChunk",   "/api/exports/uploads/{uploadId}/chunks/{n:int}", ExportUploadHandlers.Chunk, Roles.Office, ExportChunk, "Enviar una parte de una carga"),
        Post("ExportUploadComplete", "/api/exports/uploads/{uploadId}/complete", ExportUploadHandlers.Complete, Roles.Office,  None, "Terminar una carga por partes"),
        Post("SyncNow",            "/api/sync",                          SyncHandlers.RunNow,                 Roles.Office,    None, "Pedir una sincronización con SECOP II ahora"),
        Get("SyncStatus",          "/api/sync/{runId}",                  SyncHandlers.Status,                 Roles.Office,    NoStore, "Estado de una sincronización pedida"),
        Get("BillboardsZip",       "/api/billboards.zip",                BillboardHandlers.Zip,               Roles.Office,    PrivateRevalidate, "Las vallas de las obras (ZIP)"),

        // The staff desk: sign-in and sign-out (pages under /escritorio use Desk/DeskPost with the role they need).
        Desk("DeskHome",           "/escritorio",                        SignInHandlers.Home,                 Roles.Staff),
        Page("SignInForm",         "/escritorio/entrar",                 SignInHandlers.Form,                 NoStore),
        PagePost("SignIn",         "/escritorio/entrar",                 SignInHandlers.SignIn,                                SmallForm),
        PagePost("SignInCode",     "/escritorio/entrar/codigo",          SignInHandlers.SignInCode,                            SmallForm),
        Page("ResetLinkForm",      "/escritorio/restablecer",            ResetLinkHandlers.Form,              NoStore),
        PagePost("ResetLinkChoose", "/escritorio/restablecer",           ResetLinkHandlers.Choose,                             SmallForm),
        DeskPost("SignOut",        "/escritorio/salir",                  SignInHandlers.SignOut,              Roles.Staff,     SmallForm),
        Desk("StaffList",          "/escritorio/personal",               StaffHandlers.List,                  Roles.Admin),
        DeskPost("StaffAdd",       "/escritorio/personal",               StaffHandlers.Add,                   Roles.Admin,     SmallForm),
        DeskPost("StaffChange",    "/escritorio/personal/{staffId}",     StaffHandlers.Change,                Roles.Admin,     SmallForm),
        DeskPost("StaffMailNotices", "/escritorio/personal/{staffId}/avisos", Mail.MailPreferenceHandlers.Set, Roles.Admin, SmallForm),
        DeskPost("StaffReset",     "/escritorio/personal/{staffId}/restablecer", StaffHandlers.Reset,         Roles.Admin,     SmallForm),
        // Each person's own account: password and second factor.
        Desk("Account",            "/escritorio/cuenta",                 AccountHandlers.Show,                Roles.Staff),
        DeskPost("AccountPassword", "/escritorio/cuenta/contrasena",     AccountHandlers.ChangePassword,      Roles.Staff,     SmallForm),
        DeskPost("AccountSecondFactor", "/escritorio/cuenta/segundo-factor", AccountHandlers.BeginSecondFactor, Roles.Staff,  SmallForm),
        DeskPost("AccountSecondFactorConfirm", "/escritorio/cuenta/segundo-factor/confirmar", AccountHandlers.ConfirmSecondFactor, Roles.Staff, SmallForm),
        DeskPost("AccountSecondFactorDisable", "/escritorio/cuenta/segundo-factor/desactivar", AccountHandlers.DisableSecondFactor, Roles.Staff, SmallForm),
        // Physical progress: the office records it (API and desk form); anyone reads it and sees its photos.
        Post("ProgressRecord",     "/api/contracts/{contractId}/avances", ProgressHandlers.Record,            Roles.Office,    ReportWithPhotos, "Registrar un avance físico de una obra"),
        Get("ProgressList",        "/api/contracts/{contractId}/avances", ProgressHandlers.List,              Roles.Anyone,    NoStore, "Los avances físicos de una obra"),
        Patch("ProgressCorrect",   "/api/contracts/{contractId}/avances/{entryId}", ProgressHandlers.Correct, Roles.Office,    Json, "Corregir un avance"),
        Delete("ProgressDelete",   "/api/contracts/{contractId}/avances/{entryId}", ProgressHandlers.Delete,  Roles.Office,    Json, "Eliminar un avance"),
        Get("ProgressPhoto",       "/o/{contractId}/avances/{entryId}/fotos/{n:int}", ProgressHandlers.Photo, Roles.Anyone,    Immutable, "Foto de un avance"),
        Get("ProgressThumbnail",   "/o/{contractId}/avances/{entryId}/fotos/{n:int}/miniatura", ProgressHandlers.Thumbnail, Roles.Anyone, Immutable, "Miniatura de la foto de un avance"),
        Desk("ProgressForm",       "/escritorio/obras/{contractId}/avance", ProgressDeskHandlers.Form,        Roles.Office),
        DeskPost("ProgressSubmit",  "/escritorio/obras/{contractId}/avance", ProgressDeskHandlers.Submit,  Roles.Office,    ReportWithPhotos),
        Desk("ProgressCorrectForm", "/escritorio/obras/{contractId}/avance/{entryId}", ProgressCorrectionDeskHandlers.CorrectForm, Roles.Office),
        DeskPost("ProgressCorrectSubmit", "/escritorio/obras/{contractId}/avance/{entryId}", ProgressCorrectionDeskHandlers.Correct, Roles.Office, SmallForm),
        Desk("ProgressDeleteForm", "/escritorio/obras/{contractId}/avance/{entryId}/eliminar", ProgressCorrectionDeskHandlers.DeleteForm, Roles.Office),
        DeskPost("ProgressDeleteSubmit", "/escritorio/obras/{contractId}/avance/{entryId}/eliminar", ProgressCorrectionDeskHandlers.Delete, Roles.Office, SmallForm),

        // The office desk: uploads, works and their billboards, works not in SECOP II, the sync on demand.
        Desk("DeskUploads",        "/escritorio/cargas",                 UploadDeskHandlers.List,                     Roles.Office),
        DeskPost("DeskUpload",     "/escritorio/cargas",                 UploadDeskHandlers.Upload,                   Roles.Office,    Export),
        Desk("DeskUploadDetail",   "/escritorio/cargas/{exportId}",      UploadDeskHandlers.Detail,                   Roles.Office),
        Desk("DeskWorks",          "/escritorio/obras",                  WorksDeskHandlers.List,                      Roles.Office),
        Desk("DeskNewWork",        "/escritorio/obras/nueva",            WorksDeskHandlers.NewForm,                   Roles.Office),
        DeskPost("DeskRegisterWork", "/escritorio/obras/nueva",          WorksDeskHandlers.Register,                  Roles.Office,    SmallForm),
        DeskPost("DeskSyncNow",    "/escritorio/sincronizar",            SyncDeskHandlers.RunNow,                     Roles.Office,    SmallForm),
        Desk("DeskSyncRun",        "/escritorio/sincronizar/{runId}",    SyncDeskHandlers.Show,                       Roles.Office),
        // Withdrawing a work from publication (and publishing it again): an act of the office, which no import undoes.
        Post("WithdrawalRecord",   "/api/contracts/{contractId}/withdrawal", WithdrawalHandlers.Withdraw,     Roles.Office,    Json, "Retirar una obra de la publicación"),
        Delete("WithdrawalUndo",   "/api/contracts/{contractId}/withdrawal", WithdrawalHandlers.Republish,    Roles.Office, None, "Publicar de nuevo una obra retirada"),
        DeskPost("DeskWithdrawWork", "/escritorio/obras/{contractId}/retirar", WithdrawalHandlers.WithdrawForm, Roles.Office, SmallForm),
        DeskPost("DeskRepublishWork", "/escritorio/obras/{contractId}/publicar", WithdrawalHandlers.RepublishForm, Roles.Office, SmallForm),

        // For whoever runs it.
        Get("Health",              "/api/health",                        HealthHandlers.Check,                Roles.Anyone,    NoStore, "Estado del servicio"),
    ];

    // API routes: each with its summary in Spanish, the OpenAPI document's (OpenApiFromTable).
    static HttpRoute Get(string name, string path, Delegate handler, string? role, CachePolicy cache, string summary) =>
        new(name, GetAndHead, path, handler, role, None, cache, Summary: summary);

    static HttpRoute Post(string name, string path, Delegate handler, string? role, long body, string summary) =>
        new(name, ["POST"], path, handler, role, body, NoStore, Summary: summary);

    static HttpRoute Put(string name, string path, Delegate handler, string? role, long body, string summary) =>
        new(name, ["PUT"], path, handler, role, body, NoStore, Summary: summary);

    static HttpRoute Patch(string name, string path, Delegate handler, string? role, long body, string summary) =>
        new(name, ["PATCH"], path, handler, role, body, NoStore, Summary: summary);

    /// <summary>A DELETE, with a small body when it carries why (for the record).</summary>
    static HttpRoute Delete(string name, string path, Delegate handler, string? role, long body, string summary) =>
        new(name, ["DELETE"], path, handler, role, body, NoStore, Summary: summary);

    /// <summary>An HTML page for anyone, left out of the API's OpenAPI document.</summary>
    static HttpRoute Page(string name, string path, Delegate handler, CachePolicy cache) =>
        new(name, GetAndHead, path, handler, Roles.Anyone, None, cache, Document: false);

    static HttpRoute PagePost(string name, string path, Delegate handler, long body) =>
        new(name, ["POST"], path, handler, Roles.Anyone, body, NoStore, Document: false);

    /// <summary>A desk page (HTML) for signed-in staff of <paramref name="role"/>: an anonymous visitor is sent to the
    /// sign-in form (303, back here after), a wrong role gets a 403 page; left out of OpenAPI.</summary>
    static HttpRoute Desk(string name, string path, Delegate handler, string role) =>
        new(name, GetAndHead, path, handler, role, None, NoStore, Document: false);

    /// <summary>A desk form's target: like <see cref="Desk"/>, and a signed-in browser must send its session's
    /// anti-forgery token (field "csrf").</summary>
    static HttpRoute DeskPost(string name, string path, Delegate handler, string role, long body) =>
        new(name, ["POST"], path, handler, role, body, NoStore, Document: false);

    public static HttpRoute Named(string name) => Routes.Single(r => r.Name == name);
}
