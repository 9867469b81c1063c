using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ObrasQr.AzureStorage;
using ObrasQr.Contracts;
using ObrasQr.Reports;
using ObrasQr.Secop;
using ObrasQr.Staff;
using ObrasQr.Storage;
using ObrasQr.Sync;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Functions.Tests.Storage;

// The storage suites, one per port (tests/ObrasQr.Tests/Storage/Contracts/, see its README), against the Azure store on Azurite.

public sealed class AzureContractStoreTests : ContractStoreContract
{
    protected override IContractStore NewStore() => new AzureContractStore(Azurite.NewStore());
}

public sealed class AzureReportStoreTests : ReportStoreContract
{
    protected override IReportStore NewStore() => new AzureReportStore(Azurite.NewStore());
}

public sealed class AzureIdentityAccessLogTests : IdentityAccessLogContract
{
    protected override IIdentityAccessLog NewLog() => new AzureIdentityAccessLog(Azurite.NewStore());
}

public sealed class AzureExportStoreTests : ExportStoreContract
{
    protected override IExportStore NewStore() => new AzureExportStore(Azurite.NewStore());
}

public sealed class BlobFileStoreTests : FileStoreContract
{
    protected override IFileStore NewStore() => new BlobFileStore(Azurite.NewStore());
}

public sealed class AzureStorageHealthTests
{
    [Fact]
    public async Task Storage_is_reachable_once_its_tables_and_container_exist()
    {
        Assert.True(await new AzureStorageHealth(Azurite.NewStore()).IsReachableAsync());
    }
}

public sealed class AzureSyncStateStoreTests : SyncStateStoreContract
{
    protected override ISyncStateStore NewStore() => new AzureSyncStateStore(Azurite.NewStore());
}

public sealed class AzureStaffStoreTests : StaffStoreContract
{
    protected override IStaffStore NewStore() => new AzureStaffStore(Azurite.NewStore());
}

public sealed class AzureProgressStoreTests : ProgressStoreContract
{
    protected override ObrasQr.Progress.IProgressStore NewStore() => new AzureProgressStore(Azurite.NewStore());
}

/// <summary>
/// Two attempts with one idempotency key on two instances: the first claims the key and its report row is held back (an
/// SDK retry, a paused instance) while the second finds the claim and stores the report; then the first's row lands.
/// </summary>
public sealed class AzureIdempotencyClaimTests
{
    static readonly DateTimeOffset At = new(2026, 11, 3, 15, 0, 0, TimeSpan.Zero);

    static Report Attempt(string code, DateTimeOffset at, string description = "La obra está detenida.") => new()
    {
        ReportId = "from-key", ContractId = "CO1.PCCNTR.1", EntityNit = "890480184", Category = "obra_paralizada",
        Description = description, ReceivedAt = at, Deadline = ReportLaw.DeadlineOf("obra_paralizada", at),
        TrackingCodeHash = TrackingCode.Hash(code), IdempotencyKey = "k-1",
    };

    [Fact]
    public async Task A_first_writer_whose_report_lands_after_a_retry_stored_it_leaves_one_report_and_both_answer_with_its_id()
    {
        var prefix = Azurite.NewPrefix();
        var hold = new HoldFirstReportRow(prefix + AzureStore.Reports);
        var options = new TableClientOptions();
        options.AddPolicy(hold, HttpPipelinePosition.PerCall);
        var slow = new AzureStore(new TableServiceClient(Azurite.ConnectionString, options), new BlobServiceClient(Azurite.ConnectionString), prefix);
        await slow.EnsureCreatedAsync();
        var fast = new AzureStore(new TableServiceClient(Azurite.ConnectionString), new BlobServiceClient(Azurite.ConnectionString), prefix);
        var (first, retry) = (Attempt("first-code", At), Attempt("retry-code", At.AddSeconds(40)));

        var firstAnswer = new AzureReportStore(slow).AddAsync(first, null);
        await hold.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30)); // claimed, pointers written, report row held
        var retryAnswer = await new AzureReportStore(fast).AddAsync(retry, null);
        hold.Release.SetResult();
        var firstStored = await firstAnswer;

        var reports = new AzureReportStore(fast);
        var stored = Assert.Single(await reports.ListAsync(new ReportQuery()));
        Assert.Equal(("from-key", "from-key"), (firstStored.ReportId, retryAnswer.ReportId));
        // The retry wrote the row the claim names: the first attempt's received time, the retry's own content and code.
        Assert.Equal((At, retry.TrackingCodeHash), (stored.ReceivedAt, stored.TrackingCodeHash));
        Assert.Equal(stored.TrackingCodeHash, firstStored.TrackingCodeHash);
        Assert.Equal("from-key", (await reports.FindByTrackingHashAsync(first.TrackingCodeHash))?.ReportId);
        Assert.Equal("from-key", (await reports.FindByTrackingHashAsync(retry.TrackingCodeHash))?.ReportId);
        Assert.Equal(1, await reports.CountForContractAsync("CO1.PCCNTR.1"));
    }

    [Fact]
    public async Task A_retry_that_finds_the_claim_of_a_writer_that_died_before_ids_came_from_keys_stores_the_report_where_the_claim_says()
    {
        var store = Azurite.NewStore();
        var reports = new AzureReportStore(store);
        // What the dead writer left: the claim of key "k-1" for its random id, pointing at a row that was never written.
        await store.Table(AzureStore.ReportIndex).AddEntityAsync(new TableEntity("idem_" + TableKeys.Digest("k-1"), "ptr")
        {
            ["ReportId"] = "dead", ["ReportPartition"] = ReportKeys.Partition("890480184", At), ["ReportRow"] = TableKeys.ReportRow(At, "dead"),
        });
        var retry = Attempt("retry-code", At.AddMinutes(5));

        var answer = await reports.AddAsync(retry, null);
        var late = await reports.AddAsync(Attempt("dead-code", At) with { ReportId = "dead" }, null); // the dead writer, back

        Assert.Equal(("dead", "dead"), (answer.ReportId, late.ReportId));
        var stored = Assert.Single(await reports.ListAsync(new ReportQuery()));
        Assert.Equal(("dead", At, retry.TrackingCodeHash), (stored.ReportId, stored.ReceivedAt, stored.TrackingCodeHash));
        Assert.Equal("dead", (await reports.FindByTrackingHashAsync(retry.TrackingCodeHash))?.ReportId);
        Assert.Null(await reports.FindAsync("from-key"));
    }

    /// <summary>Holds the first write to the reports table (the report row, the commit point) until released.</summary>
    sealed class HoldFirstReportRow(string table) : HttpPipelinePolicy
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var path = message.Request.Uri.Path;
            if (message.Request.Method == RequestMethod.Post && (path.EndsWith("batch", StringComparison.Ordinal) || path.EndsWith("/" + table, StringComparison.Ordinal))
                && Reached.TrySetResult())
                await Release.Task;
            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessNext(message, pipeline);
    }
}
