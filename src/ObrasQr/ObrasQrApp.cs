using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Contracts;
using ObrasQr.Pages;
using ObrasQr.Qr;
using ObrasQr.Reports;
using ObrasQr.Secop;
using ObrasQr.Staff;
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
        services.AddSingleton<FirstAnswer>();
        // Spanish text as UTF-8, not as numeric entities: smaller pages; still encoded for HTML safety.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddSingleton<SecopImporter>();
        services.AddSingleton<SyncJob>();
        services.AddSingleton<SyncNowRuns>();
        services.AddSingleton<ObrasQr.Jobs.JobSignal>();
        services.AddSingleton<ObrasQr.Jobs.IJobWork, ObrasQr.Jobs.JobWork>();
        services.AddSingleton<ObrasQr.Jobs.JobRunner>();
        services.AddSingleton<ObrasQr.OpenData.OpenDataBuild>();
        services.AddHttpClient(nameof(SodaClient));
        services.AddSingleton<SodaClient>();
        services.AddSingleton<SodaSync>();
        services.AddSingleton<SecopExecutionSync>();
        services.AddSingleton<DemoData>();
        services.AddSingleton<DemoActivity>();
        services.AddSingleton<ReportIntake>();
        services.AddSingleton<ReportWorkflow>();
        services.AddSingleton<HeldPhotos>();
        services.AddSingleton<IdentityProtector>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ObrasQrOptions>, StartupChecks>();
        services.AddOptions<ObrasQrOptions>().ValidateOnStart();
        services.AddSingleton<ClientAddresses>();
        services.AddSingleton<ReportLimits>();
        services.AddSingleton<StaffPasswords>();
        services.AddSingleton<StaffSessions>();
        services.AddSingleton<SignInGate>();
        services.AddSingleton<StaffAccounts>();
        services.AddSingleton<SecondFactor>();
        services.AddSingleton<PasswordReset>();
        services.AddSingleton<ContractPageCache>();
        services.AddSingleton<ObrasQr.Progress.ProgressLog>();
        services.AddSingleton<ObrasQr.Withdrawals.WorkPublication>();
        services.AddSingleton<ObrasQr.Progress.ThumbnailCache>();
        services.AddSingleton<ObrasQr.Accountability.WorksCatalog>();
        services.AddSingleton<ObrasQr.Accountability.AccountabilityPages>();
        services.AddSingleton<ObrasQr.Accountability.KeptFigures>();
        services.AddSingleton<QrCache>();
        services.AddSingleton<ObrasQr.Mail.MailComposer>();
        services.AddSingleton<ObrasQr.Mail.MailSender>();
        // No traceId: a wrong tracking code and an unknown one must get byte-identical answers.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions.Remove("traceId"));
        services.AddExceptionHandler<UnhandledErrorHandler>();
        services.AddOpenApi(OpenApiFromTable.Describe);
        return services;
    }

    /// <summary>The server's request pipeline: routing, each route's rules (<see cref="RouteRules"/>), the routes of
    /// <see cref="HttpContract"/> and the OpenAPI document at /openapi/v1.json.</summary>
    public static WebApplication UseObrasQr(this WebApplication app)
    {
        var firstAnswer = app.Services.GetRequiredService<FirstAnswer>();
        app.Use((context, next) =>
        {
            SecurityHeaders.NoSniff(context.Response); // every answer, 404s and errors included
            if (!firstAnswer.IsSent) context.Response.OnCompleted(() => { firstAnswer.MarkSent(); return Task.CompletedTask; });
            return next(context);
        });
        app.UseExceptionHandler(); // problem+json, never a stack trace (UnhandledError)
        app.UseRouting();
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<HttpRoute>() is { } route) await RouteRules.RunAsync(context, route, next);
            else await next(context);
        });
        app.MapObrasQr();
        app.MapOpenApi();
        return app;
    }

    /// <summary>Maps every route of <see cref="HttpContract"/>, each with its row as metadata.</summary>
    public static IEndpointRouteBuilder MapObrasQr(this IEndpointRouteBuilder app)
    {
        foreach (var route in HttpContract.Routes)
        {
            // What MapMethods does, with the handler compiled on the route's first request (RouteDelegate).
            var endpoint = RouteHandlerServices.Map(app, route.Pattern, route.Handler, route.Methods, RequestDelegateFactory.InferMetadata,
                RouteDelegate.OnFirstRequest).WithDisplayName(route.Name).WithMetadata(route);
            if (!route.Document) endpoint.ExcludeFromDescription(); // what the document says of the others: OpenApiFromTable
        }
        return app;
    }
}
