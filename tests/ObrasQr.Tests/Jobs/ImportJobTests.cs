using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Contracts;
using ObrasQr.Jobs;
using ObrasQr.Secop;
using ObrasQr.Storage;
using ObrasQr.Sync;
using static ObrasQr.Tests.Desk.OfficeDesk;

namespace ObrasQr.Tests.Jobs;

/// <summary>An export's import as a job, through the real server and its job worker, on both stores.</summary>
public abstract class ImportJobTests : IDisposable
{
    public sealed class OnSqlite() : ImportJobTests(StoreKind.Sqlite);
    public sealed class OnAzure() : ImportJobTests(StoreKind.Azure);

    /// <summary>Imports in batches of 10, so a small file makes several checkpoints.</summary>
    sealed class SmallBatches(StoreKind store) : ObrasQrFactory(store)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(sp => new SecopImporter(
                sp.GetRequiredService<IContractStore>(), sp.GetRequiredService<ISyncStateStore>(), sp.GetRequiredService<TimeProvider>()) { BatchSize = 10 }));
        }
    }

    readonly ManualClock clock = new(DateTimeOffset.UtcNow);
    readonly ObrasQrFactory factory;

    protected ImportJobTests(StoreKind store) => factory = new SmallBatches(store) { Clock = clock };

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task An_upload_is_imported_by_its_job_and_its_status_goes_from_pending_to_imported()
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var upload = await office.PostAsync("/api/exports", new ByteArrayContent(Export(3, new HashSet<int>())) { Headers = { ContentType = new("text/csv") } });

        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var accepted = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ExportStatus.Pending, accepted.GetProperty("status").GetString());
        var status = await FinishedAsync(office, accepted.GetProperty("exportId").GetString()!);
        Assert.Equal(ExportStatus.Imported, status.GetProperty("status").GetString());
        Assert.Equal(3, status.GetProperty("counts").GetProperty("new").GetInt32());
    }

    /// <summary>An export stored as the upload stores it, with no job queued for it yet.</summary>
    async Task<string> StoredExportAsync(byte[] csv)
    {
        var exportId = $"{clock.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..27];
        await factory.Service<IFileStore>().SaveAsync($"exports/{exportId}", new MemoryStream(csv));
        await factory.Service<IExportStore>().AddAsync(new SecopExport
        {
            ExportId = exportId, FileName = "cartagena.csv", ContentType = "text/csv", Size = csv.Length, FilePath = $"exports/{exportId}",
            UploadedAt = clock.GetUtcNow(), UploadedBy = "oficina-contratacion",
        });
        return exportId;
    }

    [Fact]
    public async Task An_import_whose_worker_died_is_taken_over_and_resumes_from_its_checkpoint_with_exact_counts()
    {
        var csv = Export(35, new HashSet<int> { 7 });
        var exportId = await StoredExportAsync(csv);
        var jobs = factory.Service<IJobStore>();
        var job = JobRef.Import(exportId);
        var lease = (await jobs.TryLeaseAsync(job, "dead-worker", clock.GetUtcNow(), clock.GetUtcNow() + JobRunner.LeaseTime))!;
        // The dead worker wrote three batches and recorded two of them in its checkpoint before it died.
        await Assert.ThrowsAsync<WorkerDied>(() => factory.Service<SecopImporter>().ImportAsync(new MemoryStream(csv), $"export:{exportId}",
            movedBy: "oficina-contratacion", checkpoints: new(null, async c =>
            {
                if (c.Rows > 20) throw new WorkerDied();
                lease = await jobs.RenewAsync(lease, clock.GetUtcNow() + JobRunner.LeaseTime, c.ToJson());
            })));

        clock.Advance(JobRunner.LeaseTime + TimeSpan.FromSeconds(1));
        await factory.Service<IJobQueue>().EnqueueAsync(job);
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var status = await FinishedAsync(office, exportId);

        Assert.Equal(ExportStatus.ImportedWithWarnings, status.GetProperty("status").GetString());
        var counts = status.GetProperty("counts");
        Assert.Equal((34, 0, 0, 1), (counts.GetProperty("new").GetInt32(), counts.GetProperty("changed").GetInt32(),
            counts.GetProperty("unchanged").GetInt32(), counts.GetProperty("rejected").GetInt32()));
        Assert.Equal(8, Assert.Single(status.GetProperty("errors").EnumerateArray()).GetProperty("line").GetInt32());
        var contracts = factory.Service<IContractStore>();
        foreach (var i in Enumerable.Range(1, 35).Where(i => i != 7))
            Assert.Equal(1, (await contracts.FindAsync($"CO1.PCCNTR.77{i:D5}"))!.Number);   // no version written twice
    }

    [Fact]
    public async Task An_import_failing_five_times_ends_failed_with_its_Spanish_reason_on_the_export_and_its_page()
    {
        var exportId = await StoredExportAsync(Export(3, new HashSet<int>()));
        var jobs = factory.Service<IJobStore>();
        var job = JobRef.Import(exportId);
        // A checkpoint no attempt can read: every attempt fails (the first one is this lease).
        var lease = (await jobs.TryLeaseAsync(job, "broken-worker", clock.GetUtcNow(), clock.GetUtcNow() + JobRunner.LeaseTime))!;
        lease = await jobs.RenewAsync(lease, clock.GetUtcNow() + JobRunner.LeaseTime, "{ not a checkpoint");
        await jobs.ReleaseAsync(lease, JobEnd.Retry, "the worker stopped", clock.GetUtcNow());

        var runner = factory.Service<JobRunner>();
        var outcomes = new List<JobOutcome>();
        for (var attempt = 2; attempt <= JobRunner.MaxAttempts; attempt++) outcomes.Add(await runner.RunHereAsync(job));

        Assert.Equal([JobOutcome.Retry, JobOutcome.Retry, JobOutcome.Retry, JobOutcome.Failed], outcomes);
        var office = Office(factory);
        var status = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
        Assert.Equal(ExportStatus.Failed, status.GetProperty("status").GetString());
        Assert.Equal(JobRunner.FailedReason(JobKind.Import), status.GetProperty("rejectionReason").GetString());
        var page = await PageAsync(office, $"/escritorio/cargas/{exportId}");
        Assert.Contains("Falló", page);
        Assert.Contains(JobRunner.FailedReason(JobKind.Import), page);
        Assert.Contains("Falló", await PageAsync(office, "/escritorio/cargas"));
    }

    sealed class WorkerDied : Exception;

    static async Task<JsonElement> FinishedAsync(HttpClient office, string exportId)
    {
        JsonElement status = default;
        for (var i = 0; i < 300; i++)
        {
            status = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
            if (status.GetProperty("status").GetString() != ExportStatus.Pending) break;
            await Task.Delay(100);
        }
        return status;
    }
}
