using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Pages;
using ObrasQr.Qr;
using ObrasQr.Reports;
using ObrasQr.Secop;
using ObrasQr.Sync;

namespace ObrasQr;

/// <summary>The core's wiring, shared by both hosts. Each host adds its own storage.</summary>
public static class ObrasQrApp
{
    public static IServiceCollection AddObrasQr(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ObrasQrOptions>(configuration.GetSection(ObrasQrOptions.Section));
        services.AddSingleton(TimeProvider.System);
        // One JSON encoding for every answer (Results.Ok, problems, both hosts): < > & ' escaped, accents readable.
        // ASP.NET Core's default (relaxed escaping) would send text from imports and citizens raw.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JsonOut.Encoder);
        services.AddSingleton<ApiKeys>();
        // AllowedHosts is the host's own setting (not under ObrasQr): the hosts a request's Host may be trusted as.
        services.AddSingleton(sp => new PublicUrls(sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ObrasQrOptions>>(), configuration["AllowedHosts"]));
        services.AddSingleton<PageRenderer>();
        // Spanish text as UTF-8, not as numeric entities: smaller pages; still encoded for HTML safety.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddSingleton<SecopImporter>();
        services.AddSingleton<SyncJob>();
        services.AddHttpClient(nameof(SodaClient));
        services.AddSingleton<SodaClient>();
        services.AddSingleton<SodaSync>();
        services.AddSingleton<DemoData>();
        services.AddSingleton<ReportDesk>();
        services.AddSingleton<HeldPhotos>();
        services.AddSingleton<IdentityProtector>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ObrasQrOptions>, StartupChecks>();
        services.AddOptions<ObrasQrOptions>().ValidateOnStart();
        services.AddSingleton<SubmissionLimiter>();
        services.AddSingleton<ContractHandlers>();
        services.AddSingleton<ContractPageCache>();
        services.AddSingleton<ContractPageHandlers>();
        services.AddSingleton<QrCache>();
        services.AddSingleton<QrHandlers>();
        services.AddSingleton<ReportHandlers>();
        services.AddSingleton<ExportHandlers>();
        services.AddSingleton<SyncHandlers>();
        services.AddSingleton<HealthHandlers>();
        return services;
    }

    /// <summary>The HTTP contract of DESIGN.md, for the self-hosted server. The Functions app declares the same
    /// routes as one function each.</summary>
    public static IEndpointRouteBuilder MapObrasQr(this IEndpointRouteBuilder app)
    {
        // HEAD wherever GET answers: link checkers and chat apps ask before fetching (Kestrel sends no body for HEAD).
        Get(app, "/o/{contractId}", (HttpRequest r, ContractId contractId, ContractPageHandlers h) => h.Show(r, contractId));
        Get(app, "/o/{contractId}/vista.png", (HttpRequest r, ContractId contractId, ContractPageHandlers h) => h.Preview(r, contractId));
        Get(app, "/o/{contractId}/qr.png", (HttpRequest r, ContractId contractId, QrHandlers h) => h.Png(r, contractId));
        Get(app, "/o/{contractId}/qr.svg", (HttpRequest r, ContractId contractId, QrHandlers h) => h.Svg(r, contractId));
        Get(app, "/o/{contractId}/valla.svg", (HttpRequest r, ContractId contractId, QrHandlers h) => h.Panel(r, contractId));
        app.MapPost("/o/{contractId}/reportes", (HttpRequest r, ContractId contractId, ReportHandlers h) => h.SubmitForm(r, contractId));
        Get(app, "/o/{contractId}/reportes", (ContractId contractId, ContractPageHandlers h) => h.ToForm(contractId));
        Get(app, "/seguimiento", (HttpRequest r, ReportHandlers h) => h.FollowUpForm(r));
        app.MapPost("/seguimiento", (HttpRequest r, ReportHandlers h) => h.FollowUp(r));
        Get(app, "/privacidad", (HttpRequest r, ContractPageHandlers h) => h.Privacy(r));

        Get(app, "/api/contracts", (HttpRequest r, ContractHandlers h) => h.List(r));
        Get(app, "/api/contracts/{contractId}", (HttpRequest r, ContractId contractId, ContractHandlers h) => h.Get(r, contractId));
        app.MapPost("/api/contracts/{contractId}/reports", (HttpRequest r, ContractId contractId, ReportHandlers h) => h.SubmitApi(r, contractId));
        app.MapPost("/api/reports/lookup", (HttpRequest r, ReportHandlers h) => h.Lookup(r));
        Get(app, "/api/reports", (HttpRequest r, ReportHandlers h) => h.List(r));
        Get(app, "/api/reports/{reportId}", (HttpRequest r, string reportId, ReportHandlers h) => h.Detail(r, reportId));
        Get(app, "/api/reports/{reportId}/photos/{n:int}", (HttpRequest r, string reportId, int n, ReportHandlers h) => h.Photo(r, reportId, n));
        app.MapMethods("/api/reports/{reportId}", ["PATCH"], (HttpRequest r, string reportId, ReportHandlers h) => h.ChangeStatus(r, reportId));
        app.MapPost("/api/exports", (HttpRequest r, ExportHandlers h) => h.Upload(r));
        Get(app, "/api/exports/{exportId}", (HttpRequest r, string exportId, ExportHandlers h) => h.Status(r, exportId));
        app.MapPost("/api/sync", (HttpRequest r, SyncHandlers h) => h.RunNow(r));
        Get(app, "/api/billboards.zip", (HttpRequest r, QrHandlers h) => h.BillboardsZip(r));
        Get(app, "/api/health", (HttpRequest r, HealthHandlers h) => h.Check(r));
        return app;
    }

    static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    static void Get(IEndpointRouteBuilder app, string pattern, Delegate handler) => app.MapMethods(pattern, GetAndHead, handler);
}
