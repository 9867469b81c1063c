using ObrasQr.Pages;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ObrasQr.Contracts;
using ObrasQr.Desk;
using ObrasQr.Jobs;
using ObrasQr.Secop;
using ObrasQr.Storage;
using ObrasQr.Sync;
using static ObrasQr.Tests.Desk.OfficeDesk;

namespace ObrasQr.Tests.Sync;

/// <summary>"Sync now" is a queued job: POST /api/sync answers 202 with its status address, the server's job worker
/// runs it, GET /api/sync/{runId} and the desk page follow it. On both stores.</summary>
public abstract class SyncNowTests : IDisposable
{
    public sealed class OnSqlite() : SyncNowTests(StoreKind.Sqlite);
    public sealed class OnAzure() : SyncNowTests(StoreKind.Azure);

    // The job worker takes due jobs by this clock: a failed attempt's retry is never due while it stands still.
    readonly ManualClock clock = new(DateTimeOffset.UtcNow);
    readonly ObrasQrFactory factory;

    protected SyncNowTests(StoreKind store) => factory = NewServer(store, clock);

    public void Dispose() => factory.Dispose();

    /// <summary>An export stored as the upload stores it, with no import queued: the sync now is what imports it.</summary>
    async Task<string> PendingExportAsync(int rows)
    {
        var csv = Export(rows, new HashSet<int>());
        var exportId = ExportIntake.NewExportId(clock);
        await factory.Service<IFileStore>().SaveAsync(ExportIntake.FilePathOf(exportId), new MemoryStream(csv));
        await factory.Service<IExportStore>().AddAsync(new SecopExport
        {
            ExportId = exportId, FileName = "cartagena.csv", ContentType = "text/csv", Size = csv.Length, FilePath = ExportIntake.FilePathOf(exportId),
            UploadedAt = clock.GetUtcNow(), UploadedBy = "oficina-contratacion", EntityNit = CartagenaNit,
        });
        return exportId;
    }

    /// <summary>A run stored as POST /api/sync stores it, its job not queued yet.</summary>
    async Task<string> QueuedRunAsync()
    {
        var run = new SyncNowRun(ExportIntake.NewExportId(clock), null, "oficina-contratacion", clock.GetUtcNow(), SyncRunStatus.Queued);
        await factory.Service<SyncNowRuns>().SaveAsync(run, CancellationToken.None);
        return run.RunId;
    }

    [Fact]
    public async Task Sync_now_answers_202_with_its_status_address_and_the_status_goes_done_with_the_counts()
    {
        var exportId = await PendingExportAsync(4);
        var office = Office(factory);

        var posted = await office.PostAsync("/api/sync", null);

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var accepted = await posted.Content.ReadFromJsonAsync<JsonElement>();
        var runId = accepted.GetProperty("runId").GetString()!;
        Assert.Equal($"/api/sync/{runId}", posted.Headers.Location?.OriginalString);
        Assert.Equal($"/api/sync/{runId}", accepted.GetProperty("statusUrl").GetString());
        Assert.Equal(SyncRunStatus.Queued, accepted.GetProperty("status").GetString());
        var status = await ObrasQrFactory.FinishedSyncAsync(office, $"/api/sync/{runId}");
        Assert.Equal(SyncRunStatus.Done, status.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("requestedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("finishedAt").ValueKind);
        var export = Assert.Single(status.GetProperty("run").GetProperty("exports").EnumerateArray());
        Assert.Equal(exportId, export.GetProperty("exportId").GetString());
        Assert.Equal(4, export.GetProperty("counts").GetProperty("new").GetInt32());
    }

    [Fact]
    public async Task A_scoped_caller_gets_404_for_another_entitys_run_and_an_unknown_id()
    {
        var office = Office(factory);
        var scoped = Office(factory, ScopedOfficeKey);
        var unscopedRun = (await (await office.PostAsync("/api/sync", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString();
        var scopedRun = (await (await scoped.PostAsync("/api/sync", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString();

        foreach (var path in new[] { $"/api/sync/{unscopedRun}", "/api/sync/20261207000000-0123456789ab", "/api/sync/..%2Fexports" })
        {
            var answer = await scoped.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await scoped.GetAsync($"/escritorio/sincronizar/{unscopedRun}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scoped.GetAsync($"/api/sync/{scopedRun}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"/api/sync/{scopedRun}")).StatusCode);   // unscoped staff see every run
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetAsync($"/api/sync/{scopedRun}")).StatusCode);
    }

    [Fact]
    public async Task Two_sync_nows_at_once_import_a_pending_upload_once()
    {
        var exportId = await PendingExportAsync(5);
        var office = Office(factory);

        var runs = await Task.WhenAll(ObrasQrFactory.SyncNowAsync(office), ObrasQrFactory.SyncNowAsync(office));

        var status = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
        var counts = status.GetProperty("counts");
        Assert.Equal((5, 0, 0), (counts.GetProperty("new").GetInt32(), counts.GetProperty("changed").GetInt32(), counts.GetProperty("unchanged").GetInt32()));
        // Each run that lists the upload lists it as imported once, never as unchanged the second time.
        Assert.All(runs.SelectMany(r => r.GetProperty("exports").EnumerateArray()),
            e => Assert.Equal(5, e.GetProperty("counts").GetProperty("new").GetInt32()));
        var contracts = factory.Service<IContractStore>();
        foreach (var i in Enumerable.Range(1, 5))
            Assert.Equal(1, (await contracts.FindAsync($"CO1.PCCNTR.77{i:D5}"))!.Number);
    }

    [Fact]
    public async Task The_desk_page_of_a_run_refreshes_itself_while_queued_and_then_names_the_contract_written()
    {
        await PendingExportAsync(1);
        var runId = await QueuedRunAsync();
        var office = Office(factory);

        var waiting = await PageAsync(office, $"/escritorio/sincronizar/{runId}");
        Assert.Contains($"<script data-poll=\"{SyncDeskHandlers.PollSeconds}\">", waiting);
        Assert.DoesNotContain("http-equiv=\"refresh\"", waiting); // WCAG 2.2.1 (F41): the page is not reloaded over and over
        Assert.Contains("aria-live=\"polite\">Sincronización en curso…", waiting);

        await factory.Service<IJobQueue>().EnqueueAsync(JobRef.SyncNow(runId));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var page = waiting;
        while (page.Contains(StatusScript.Marker, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            page = await PageAsync(office, $"/escritorio/sincronizar/{runId}");
        }

        Assert.DoesNotContain(StatusScript.Marker, page);
        var name = (await factory.Service<IContractStore>().FindAsync("CO1.PCCNTR.7700001"))!.Contract.Name;
        Assert.Contains($"<a href=\"/o/CO1.PCCNTR.7700001\">{name}</a>", page);
    }

    [Fact]
    public async Task A_run_whose_job_fails_five_times_shows_failed_with_its_Spanish_reason()
    {
        var runId = await QueuedRunAsync();
        var runner = factory.Service<JobRunner>();

        var outcomes = new List<JobOutcome>();
        for (var attempt = 1; attempt <= JobRunner.MaxAttempts; attempt++)
            outcomes.Add(await runner.RunHereAsync(JobRef.SyncNow(runId), (_, _) => throw new InvalidOperationException("SODA caída")));

        Assert.Equal([JobOutcome.Retry, JobOutcome.Retry, JobOutcome.Retry, JobOutcome.Retry, JobOutcome.Failed], outcomes);
        var office = Office(factory);
        var status = await office.GetFromJsonAsync<JsonElement>($"/api/sync/{runId}");
        Assert.Equal(SyncRunStatus.Failed, status.GetProperty("status").GetString());
        Assert.Equal(JobRunner.FailedReason(JobKind.SyncNow), status.GetProperty("failureReason").GetString());
        var page = await PageAsync(office, $"/escritorio/sincronizar/{runId}");
        Assert.Contains(JobRunner.FailedReason(JobKind.SyncNow), page);
        Assert.DoesNotContain(StatusScript.Marker, page);
    }
}
