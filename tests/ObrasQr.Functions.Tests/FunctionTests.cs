using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Functions.Contracts;
using ObrasQr.Functions.Sync;
using ObrasQr.Http;
using ObrasQr.Reports;
using ObrasQr.Secop;
using ObrasQr.Staff;
using ObrasQr.Storage;
using ObrasQr.Sync;
using ReportQuery = ObrasQr.Reports.ReportQuery;

namespace ObrasQr.Functions.Tests;

/// <summary>
/// The function classes: each is the row of the HTTP contract with its name, and answers as the server does: the
/// IResult a function returns is executed against a DefaultHttpContext, as the Functions ASP.NET Core integration does.
/// Storage is mocked: these tests are about the host's wiring, not the store.
/// </summary>
public sealed class FunctionTests
{
    const string AuditorKey = "clave-de-auditoria-de-prueba";
    static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    readonly Mock<IContractStore> contracts = new();
    readonly Mock<IReportStore> reports = new();
    readonly Mock<IExportStore> exports = new();
    readonly Mock<IFileStore> files = new();
    readonly Mock<IStorageHealth> health = new();
    readonly Mock<ISyncStateStore> syncState = new();
    readonly Mock<IStaffStore> staff = new();
    readonly Mock<ObrasQr.Progress.IProgressStore> progress = new();
    readonly Mock<ObrasQr.Mail.IMailOutbox> outbox = new();
    readonly Mock<ObrasQr.Withdrawals.IWithdrawalStore> withdrawals = new();
    readonly Mock<ObrasQr.Accountability.IReportFigureStore> figures = new();
    readonly Mock<ObrasQr.Jobs.IJobStore> jobStore = new();
    readonly Mock<ObrasQr.Jobs.IJobQueue> jobQueue = new();

    static readonly List<(MethodInfo Method, string Name, HttpTriggerAttribute Trigger)> HttpFunctions = typeof(ContractFunctions).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Select(m => (m, m.GetCustomAttribute<FunctionAttribute>()?.Name, m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().FirstOrDefault()))
        .Where(f => f.Item2 is not null && f.Item3 is not null)
        .Select(f => (f.m, f.Item2!, f.Item3!)).ToList();

    IServiceProvider Services()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddObrasQr(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ObrasQr:PublicBaseUrl"] = "https://obras.example.gov.co",
            ["ObrasQr:Auth:Keys:0:Name"] = "auditora-de-prueba",
            ["ObrasQr:Auth:Keys:0:Role"] = Roles.Auditor,
            ["ObrasQr:Auth:Keys:0:Sha256"] = ApiKeys.Digest(AuditorKey),
        }).Build());
        services.AddSingleton(contracts.Object).AddSingleton(reports.Object).AddSingleton(exports.Object)
            .AddSingleton(files.Object).AddSingleton(health.Object).AddSingleton(syncState.Object).AddSingleton(staff.Object)
            .AddSingleton(progress.Object).AddSingleton(outbox.Object).AddSingleton(withdrawals.Object).AddSingleton(figures.Object)
            .AddSingleton(jobStore.Object).AddSingleton(jobQueue.Object);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Every_route_of_the_contract_is_a_function_with_its_name_methods_and_path()
    {
        var functions = HttpFunctions.Select(f => $"{f.Name} {string.Join(",", f.Trigger.Methods!.Select(m => m.ToUpperInvariant()))} {f.Trigger.Route}");
        var contract = HttpContract.Routes.Select(r => $"{r.Name} {string.Join(",", r.Methods)} {r.FunctionRoute}");

        Assert.Equal(contract.Order(StringComparer.Ordinal), functions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_function_runs_the_row_of_the_contract_with_its_own_name_so_role_body_limit_and_cache_agree()
    {
        Assert.All(HttpFunctions, f =>
        {
            // The functions keep no state for HTTP: an instance without its constructor is enough to call one.
            var instance = RuntimeHelpers.GetUninitializedObject(f.Method.DeclaringType!);
            var result = f.Method.Invoke(instance, [new DefaultHttpContext().Request]);
            Assert.Same(RouteInvoker.Run(f.Name), result);
        });
    }

    [Fact]
    public void Every_function_is_one_line()
    {
        // One line each: the body of every function is a single call (IL: load args, call, return), nothing else.
        Assert.NotEmpty(HttpFunctions);
        Assert.All(HttpFunctions, f => Assert.True(f.Method.GetMethodBody()!.GetILAsByteArray()!.Length <= 24, $"{f.Name} does more than run its route"));
    }

    [Fact]
    public async Task Contract_function_binds_the_id_from_the_path_as_the_server_does()
    {
        var work = new Contract { ContractId = "CO1.PCCNTR.1", Type = "Obra", Status = "En ejecución", Value = 1_000_000, Object = "Pavimentación" };
        var version = ContractVersion.First(work, T0, "test");
        contracts.Setup(s => s.FindAsync("CO1.PCCNTR.1", It.IsAny<CancellationToken>())).ReturnsAsync(version);
        contracts.Setup(s => s.VersionsBeforeAsync("CO1.PCCNTR.1", 2, 51, It.IsAny<CancellationToken>())).ReturnsAsync([version]);

        var answer = await Execute(Services(), "ContractsGet", "GET", "/api/contracts/co1.pccntr.1");

        Assert.Equal(200, answer.Status);
        Assert.Contains("\"contractId\":\"CO1.PCCNTR.1\"", answer.Body);
        Assert.Contains("\"versions\":[{\"number\":1,", answer.Body);
        Assert.Equal("no-store", answer.CacheControl);
    }

    [Fact]
    public async Task Qr_function_answers_404_as_a_problem_that_no_cache_keeps()
    {
        var answer = await Execute(Services(), "QrSvg", "GET", "/o/CO1.PCCNTR.404/qr.svg");

        Assert.Equal(404, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Contains("contractId", answer.Body);
        Assert.Equal("no-store", answer.CacheControl);
    }

    [Fact]
    public async Task Auditor_function_refuses_a_request_without_a_key_before_reading_the_store()
    {
        var answer = await Execute(Services(), "ReportsList", "GET", "/api/reports");

        Assert.Equal(401, answer.Status);
        Assert.Contains("Authorization", answer.Body);
        reports.Verify(s => s.ListAsync(It.IsAny<ReportQuery>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Desk_function_sends_a_visitor_without_a_session_to_the_sign_in_form_without_reading_the_store()
    {
        var answer = await Execute(Services(), "StaffList", "GET", "/escritorio/personal");

        Assert.Equal(303, answer.Status);
        staff.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Auditor_function_lists_with_the_auditor_key_and_binds_the_query()
    {
        reports.Setup(s => s.ListAsync(It.IsAny<ReportQuery>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var answer = await Execute(Services(), "ReportsList", "GET", "/api/reports", "?status=recibido&limit=7", AuditorKey);

        Assert.Equal(200, answer.Status);
        reports.Verify(s => s.ListAsync(It.Is<ReportQuery>(q => q.Status == "recibido" && q.Take == 8), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Lookup_function_refuses_a_body_over_its_limit_before_the_handler_reads_it()
    {
        var answer = await Execute(Services(), "ReportLookup", "POST", "/api/reports/lookup", body: new string('x', 20_000));

        Assert.Equal(413, answer.Status);
        reports.Verify(s => s.FindByTrackingHashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Health_function_says_degraded_when_storage_does_not_answer()
    {
        health.Setup(h => h.IsReachableAsync(It.IsAny<CancellationToken>())).ReturnsAsync(false);

        var answer = await Execute(Services(), "Health", "GET", "/api/health");

        Assert.Equal(503, answer.Status);
        Assert.Contains("degraded", answer.Body);
    }

    [Fact]
    public async Task Timer_queues_the_import_of_each_pending_upload_on_the_schedule_setting()
    {
        var pending = new SecopExport { ExportId = "20261101120000-abcdefabcdef", FileName = "a.csv", ContentType = "text/csv", FilePath = "exports/a",
            UploadedAt = T0, UploadedBy = "oficina" };
        exports.Setup(s => s.ListPendingAsync(It.IsAny<CancellationToken>())).ReturnsAsync([pending]);
        var sp = Services();
        var functions = ActivatorUtilities.CreateInstance<SyncFunctions>(sp);

        await functions.RunOnSchedule(new TimerInfo { IsPastDue = false }, CancellationToken.None);

        jobQueue.Verify(q => q.EnqueueAsync(ObrasQr.Jobs.JobRef.Import(pending.ExportId), It.IsAny<CancellationToken>()), Times.Once);
        exports.Verify(s => s.UpdateAsync(It.IsAny<SecopExport>(), It.IsAny<CancellationToken>()), Times.Never);   // queued, not imported here
        var trigger = typeof(SyncFunctions).GetMethod(nameof(SyncFunctions.RunOnSchedule))!.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>();
        Assert.Equal("%ObrasQr:Sync:Schedule%", trigger!.Schedule); // app setting ObrasQr__Sync__Schedule
        Assert.False(trigger.RunOnStartup);
    }

    [Fact]
    public async Task Mail_timer_runs_the_shared_sender_which_without_a_mail_host_sends_nothing_and_clears_the_due_notices()
    {
        var due = ObrasQr.Mail.OutboxMessage.Digest(new DateOnly(2026, 11, 3), T0);
        outbox.Setup(o => o.DueAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([due]);
        var functions = ActivatorUtilities.CreateInstance<ObrasQr.Functions.Mail.MailFunctions>(Services());

        await functions.RunOnSchedule(new TimerInfo { IsPastDue = false }, CancellationToken.None);

        outbox.Verify(o => o.MarkSentAsync(due.Id, It.IsAny<DateTimeOffset>(), It.Is<string>(n => n.Contains("no está configurado")), It.IsAny<CancellationToken>()), Times.Once);
        outbox.Verify(o => o.EnqueueAsync(It.IsAny<IReadOnlyList<ObrasQr.Mail.OutboxMessage>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Figures_timer_refreshes_the_national_roll_up_when_the_kept_facts_changed()
    {
        var stale = ObrasQr.Accountability.NationalFigures.Of([], T0, new DateOnly(2026, 11, 1), "antes");
        figures.Setup(f => f.ReadNationalAsync(It.IsAny<CancellationToken>())).ReturnsAsync(stale);
        figures.Setup(f => f.ChangeStampAsync(It.IsAny<CancellationToken>())).ReturnsAsync("despues");
        figures.Setup(f => f.AllAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var functions = ActivatorUtilities.CreateInstance<ObrasQr.Functions.Accountability.FigureFunctions>(Services());

        await functions.RunOnSchedule(new TimerInfo { IsPastDue = false }, CancellationToken.None);

        figures.Verify(f => f.SaveNationalAsync(It.Is<ObrasQr.Accountability.NationalFigures>(n => n.Stamp == "despues"), It.IsAny<CancellationToken>()), Times.Once);
        reports.Verify(r => r.ListAsync(It.IsAny<ReportQuery>(), It.IsAny<CancellationToken>()), Times.Never); // a refresh, not a rebuild
    }

    /// <summary>Executes what the function named <paramref name="name"/> returns on a fresh request, as the Functions host would.</summary>
    static async Task<(int Status, string? ContentType, string? CacheControl, string Body)> Execute(IServiceProvider services, string name,
        string method, string path, string query = "", string? key = null, string? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("obras.example.gov.co");
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        if (key is not null) context.Request.Headers.Authorization = $"Bearer {key}";
        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = Encoding.UTF8.GetByteCount(body);
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }
        var response = new StartingResponse();
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>(response);
        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        var function = HttpFunctions.Single(f => f.Name == name);
        var result = (IResult)function.Method.Invoke(RuntimeHelpers.GetUninitializedObject(function.Method.DeclaringType!), [context.Request])!;
        await result.ExecuteAsync(context);
        await response.StartAsync();
        return (context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.CacheControl.ToString(),
            Encoding.UTF8.GetString(responseBody.ToArray()));
    }

    /// <summary>A DefaultHttpContext has no server to start the response, so its OnStarting callbacks never run. Kestrel
    /// runs them before the first byte; the cache rule is one of them, so this runs them as a server would.</summary>
    sealed class StartingResponse : Microsoft.AspNetCore.Http.Features.HttpResponseFeature
    {
        readonly List<(Func<object, Task> Callback, object State)> starting = [];

        public override void OnStarting(Func<object, Task> callback, object state) => starting.Add((callback, state));

        public async Task StartAsync()
        {
            for (var i = starting.Count - 1; i >= 0; i--) await starting[i].Callback(starting[i].State);
        }
    }
}
