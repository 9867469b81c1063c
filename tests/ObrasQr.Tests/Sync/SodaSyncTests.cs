using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ObrasQr.Secop;
using ObrasQr.Server.Storage;
using ObrasQr.Sync;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.Sync;

// The SODA pull against a real local HTTP server serving recorded pages (TestData/secop/soda-*.json), into SQLite.
public sealed class SodaSyncTests : IAsyncLifetime
{
    readonly TempDirectory temp = new();
    readonly WaitRecorder clock = new();
    RecordedSoda soda = null!;
    SqliteContractStore contracts = null!;
    SqliteSyncStateStore state = null!;

    public async Task InitializeAsync()
    {
        soda = await RecordedSoda.StartAsync();
        var db = temp.Database();
        (contracts, state) = (new SqliteContractStore(db), new SqliteSyncStateStore(db));
        soda.Pages[0] = "soda-page-0.json";
        soda.Pages[2] = "soda-page-1.json";
        soda.Pages[4] = "soda-page-2.json";
    }

    public async Task DisposeAsync()
    {
        await soda.DisposeAsync();
        temp.Dispose();
    }

    SodaSync Sync()
    {
        var options = Options.Create(new ObrasQrOptions
        {
            Sync = new SyncOptions
            {
                SodaBaseUrl = soda.BaseUrl, EntityNit = "890480184", AppToken = "token-de-prueba", PageSize = 2, MaxAttempts = 3,
                RetryBaseDelay = TimeSpan.FromSeconds(2),
            },
        });
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var client = new SodaClient(http, options, clock, NullLogger<SodaClient>.Instance);
        return new SodaSync(client, new SecopImporter(contracts, state, TimeProvider.System), state, options, NullLogger<SodaSync>.Instance);
    }

    List<(IQueryCollection Query, string? AppToken)> TakeRequests()
    {
        var taken = new List<(IQueryCollection, string?)>();
        while (soda.Requests.TryDequeue(out var request)) taken.Add(request);
        return taken;
    }

    [Fact]
    public async Task A_contract_repeated_on_two_pages_counts_once_as_new()
    {
        soda.Pages[2] = "soda-page-repeat.json";   // a short page: the pull ends there
        var run = await Sync().RunAsync("890480184");

        Assert.Equal(new ImportCounts(New: 2), run.Counts);
        Assert.Equal(2, await contracts.CountAsync());
    }

    [Fact]
    public async Task Sync_pulls_every_page_in_a_stable_order_and_next_time_only_what_changed_since()
    {
        var first = await Sync().RunAsync("890480184");

        Assert.Null(first.Error);
        Assert.Equal(3, first.Pages);
        Assert.Equal(new ImportCounts(New: 4, Rejected: 1), first.Counts);
        Assert.Equal((5, "Valor del Contrato"), (Assert.Single(first.Errors).Line, first.Errors[0].Column));
        Assert.Equal(new DateTime(2026, 1, 8, 16, 45, 0), first.Watermark);
        var requests = TakeRequests();
        Assert.Equal(["0", "2", "4"], requests.Select(r => r.Query["$offset"].ToString()));
        Assert.All(requests, r =>
        {
            Assert.Equal("nit_entidad='890480184' AND tipo_de_contrato in('Obra')", r.Query["$where"]);
            Assert.Equal("ultima_actualizacion,id_contrato", r.Query["$order"]);
            Assert.Equal("2", r.Query["$limit"]);
            Assert.Equal("token-de-prueba", r.AppToken);
        });

        soda.Pages.Clear();
        soda.Pages[0] = "soda-later-page-0.json";
        var second = await Sync().RunAsync("890480184");

        Assert.Null(second.Error);
        Assert.Equal(new ImportCounts(New: 1, Changed: 1), second.Counts);
        Assert.Equal(new DateTime(2026, 2, 10, 12, 0, 0), second.Watermark);
        requests = TakeRequests();
        Assert.Equal(["0", "2"], requests.Select(r => r.Query["$offset"].ToString()));
        Assert.All(requests, r => Assert.Equal("nit_entidad='890480184' AND tipo_de_contrato in('Obra') AND ultima_actualizacion >= '2026-01-08T16:45:00.000'", r.Query["$where"]));
        var history = await contracts.HistoryAsync("CO1.PCCNTR.8000001");
        Assert.Equal([10_979_236_356m, 12_979_236_356m], history.Select(v => v.Contract.Value));
        Assert.Equal([1826, 90], history.Select(v => v.Contract.AddedDays));
    }

    [Fact]
    public async Task Sync_waits_as_told_on_429_backs_off_on_server_errors_and_goes_on()
    {
        soda.Fail(2, RecordedSoda.Status(429, retryAfter: "7"));
        soda.Fail(2, RecordedSoda.Status(503));

        var run = await Sync().RunAsync("890480184");

        Assert.Null(run.Error);
        Assert.Equal(new ImportCounts(New: 4, Rejected: 1), run.Counts);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(4)], clock.Waits);
        Assert.Equal(3, TakeRequests().Count(r => r.Query["$offset"] == "2"));
    }

    [Fact]
    public async Task Sync_gives_up_after_the_last_try_and_the_next_run_resumes_at_that_page()
    {
        for (var i = 0; i < 3; i++) soda.Fail(4, RecordedSoda.Status(500));

        var failed = await Sync().RunAsync("890480184");

        Assert.Contains("3 intentos", failed.Error);
        Assert.Equal(new ImportCounts(New: 4), failed.Counts);
        Assert.Null(failed.Watermark);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], clock.Waits);
        TakeRequests();

        var resumed = await Sync().RunAsync("890480184");

        Assert.Null(resumed.Error);
        Assert.Equal(new ImportCounts(Rejected: 1), resumed.Counts);
        var request = Assert.Single(TakeRequests());
        Assert.Equal("4", request.Query["$offset"]);
        Assert.Equal("nit_entidad='890480184' AND tipo_de_contrato in('Obra')", request.Query["$where"]);   // same query as the run it completes
        Assert.Equal(new DateTime(2026, 1, 8, 16, 45, 0), resumed.Watermark);
    }

    [Fact]
    public async Task A_malformed_page_stops_the_run_and_the_next_run_resumes_where_it_stopped()
    {
        soda.Fail(2, RecordedSoda.File("soda-malformed.json"));

        var failed = await Sync().RunAsync("890480184");

        Assert.Contains("JSON", failed.Error);
        Assert.Equal(1, failed.Pages);
        Assert.Equal(new ImportCounts(New: 2), failed.Counts);
        Assert.Null(await contracts.FindAsync("CO1.PCCNTR.8000003"));
        TakeRequests();

        var resumed = await Sync().RunAsync("890480184");

        Assert.Null(resumed.Error);
        Assert.Equal(["2", "4"], TakeRequests().Select(r => r.Query["$offset"].ToString()));
        Assert.Equal(new ImportCounts(New: 2, Rejected: 1), resumed.Counts);
        foreach (var id in new[] { "CO1.PCCNTR.8000001", "CO1.PCCNTR.8000003", "CO1.PCCNTR.8000004" })
            Assert.Single(await contracts.HistoryAsync(id));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Post_sync_pulls_from_the_configured_SODA_server(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        factory.Settings["ObrasQr:Sync:SodaBaseUrl"] = soda.BaseUrl;
        factory.Settings["ObrasQr:Sync:EntityNit"] = "890480184";
        factory.Settings["ObrasQr:Sync:PageSize"] = "2";
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        var run = await ObrasQrFactory.SyncNowAsync(office);

        Assert.Equal(4, run.GetProperty("soda")[0].GetProperty("counts").GetProperty("new").GetInt32());
        Assert.Null(TakeRequests()[0].AppToken);
        var work = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/contracts/CO1.PCCNTR.8000001");
        Assert.Equal(10_979_236_356m, work.GetProperty("contract").GetProperty("value").GetDecimal());
    }
}

/// <summary>Real time, except that waits are recorded and over at once: the retry tests never sleep.</summary>
sealed class WaitRecorder : TimeProvider
{
    public List<TimeSpan> Waits { get; } = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (Waits) Waits.Add(dueTime);
            dueTime = TimeSpan.Zero;
        }
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
