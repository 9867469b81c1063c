using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ObrasQr.Contracts;
using ObrasQr.Progress;
using ObrasQr.Server.Storage;
using ObrasQr.Sync;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.Sync;

/// <summary>The pull of SECOP II's execution dataset (mfmm-jqmq) after the entities' contracts, against a real local
/// HTTP server: directly into SQLite, and through POST /api/sync on both stores.</summary>
public sealed class SecopExecutionSyncTests : IAsyncLifetime
{
    const string Nit = "890480184";
    readonly TempDirectory temp = new();
    readonly ManualClock clock = ManualClock.AtNoonInColombia(2026, 12, 1);
    RecordedSoda soda = null!;
    SqliteContractStore contracts = null!;
    SqliteProgressStore progress = null!;

    public async Task InitializeAsync()
    {
        soda = await RecordedSoda.StartAsync();
        var db = temp.Database();
        (contracts, progress) = (new SqliteContractStore(db), new SqliteProgressStore(db));
    }

    public async Task DisposeAsync()
    {
        await soda.DisposeAsync();
        temp.Dispose();
    }

    SecopExecutionSync Sync(int pageSize = 2)
    {
        var options = Options.Create(new ObrasQrOptions
        {
            Sync = new SyncOptions { SodaBaseUrl = soda.BaseUrl, EntityNit = Nit, PageSize = pageSize, MaxAttempts = 2, RetryBaseDelay = TimeSpan.Zero },
        });
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var client = new SodaClient(http, options, clock, NullLogger<SodaClient>.Instance);
        return new SecopExecutionSync(client, contracts, progress, options, clock, NullLogger<SecopExecutionSync>.Instance);
    }

    async Task StoreAsync(string id, string nit, string type = "Obra")
    {
        var contract = new Contract { ContractId = id, EntityNit = nit, Type = type, Status = "En ejecución", Value = 100 };
        Assert.True(await contracts.AddVersionAsync(ContractVersion.First(contract, clock.GetUtcNow(), "test")));
    }

    List<IQueryCollection> TakeRequests()
    {
        var taken = new List<IQueryCollection>();
        while (soda.ExecutionRequests.TryDequeue(out var request)) taken.Add(request);
        return taken;
    }

    [Fact]
    public async Task Execution_rows_of_the_entitys_works_become_entries_and_refused_rows_say_why()
    {
        await StoreAsync("CO1.PCCNTR.A", Nit);
        await StoreAsync("CO1.PCCNTR.B", Nit);
        await StoreAsync("CO1.PCCNTR.OTHER", "800000001");          // another entity's work
        await StoreAsync("CO1.PCCNTR.SERVICE", Nit, "Prestación de servicios"); // not a work: it has no page
        soda.AddExecution("CO1.PCCNTR.A", "50", "40", "2024-03-01T00:00:00.000", "2024-03-05T00:00:00.000");
        soda.AddExecution("CO1.PCCNTR.A", "60", "", "2024-04-01T00:00:00.000", "2024-04-05T00:00:00.000");
        soda.AddExecution("CO1.PCCNTR.A", "100", "90", "2027-01-01T00:00:00.000", "2027-01-05T00:00:00.000");
        soda.AddExecution("CO1.PCCNTR.B", "", "15.5", "", "2025-06-30");
        soda.AddExecution("CO1.PCCNTR.OTHER", "10", "10", "2024-01-01", "2024-01-01");

        var run = await Sync().RunAsync(Nit);

        Assert.Null(run.Error);
        Assert.Equal((2, 4, 2, 2, 0), (run.Works, run.Rows, run.Added, run.Refused, run.Ignored));
        Assert.Equal([
            new ExecutionRefusal("CO1.PCCNTR.A", "SECOP II no publica el avance real (porcentaje_de_avance_real vacío)."),
            new ExecutionRefusal("CO1.PCCNTR.A", "La fecha de entrega real (5 de enero de 2027) es posterior a hoy: no es un avance observado."),
        ], run.Refusals);
        var a = Assert.Single(await progress.ListAsync("CO1.PCCNTR.A", 10));
        Assert.Equal((ProgressSource.Secop, 40m, new DateOnly(2024, 3, 5)), (a.Source, a.Percent, a.ObservedOn));
        Assert.Equal(15.5m, Assert.Single(await progress.ListAsync("CO1.PCCNTR.B", 10)).Percent);
        Assert.Empty(await progress.ListAsync("CO1.PCCNTR.OTHER", 10));
        // Only the entity's works were asked for, in pages of the configured size (A's 3 rows: 2 pages).
        var requests = TakeRequests();
        Assert.All(requests, r => Assert.Equal("identificadorcontrato in('CO1.PCCNTR.A','CO1.PCCNTR.B')", r["$where"]));
        Assert.Equal(["0", "2", "4"], requests.Select(r => r["$offset"].ToString()));
    }

    // A departmental deployment pulls for many entities in each run: their works come from one read of the store
    // (here over two of its pages), each entity's own, works only.
    [Fact]
    public async Task Works_of_several_entities_come_from_one_read_of_the_store()
    {
        static Contract Work(string id, string nit, string type = "Obra") => new() { ContractId = id, EntityNit = nit, Type = type, Status = "En ejecución", Value = 100 };
        var stored = Enumerable.Range(0, 300).Select(i => Work($"CO1.PCCNTR.A{i:D3}", Nit))
            .Concat(Enumerable.Range(0, 260).Select(i => Work($"CO1.PCCNTR.B{i:D3}", " 800000001 ")))
            .Append(Work("CO1.PCCNTR.SERVICE", Nit, "Prestación de servicios"))
            .Append(Work("CO1.PCCNTR.THIRD", "800000002"));
        foreach (var batch in stored.Chunk(1000))
            await contracts.AddVersionsAsync([.. batch.Select(c => ContractVersion.First(c, clock.GetUtcNow(), "test"))]);

        var works = await Sync().WorksByEntityAsync([Nit, "800000001 "]);

        Assert.Equal(["800000001", Nit], works.Keys.Order());
        Assert.Equal(300, works[Nit].Count);
        Assert.DoesNotContain("CO1.PCCNTR.SERVICE", works[Nit]);
        Assert.Equal(260, works["800000001"].Count);
        Assert.All(works["800000001"], id => Assert.StartsWith("CO1.PCCNTR.B", id));
    }

    [Fact]
    public async Task Execution_pull_twice_adds_nothing_new_and_a_row_SECOP_changes_adds_an_entry()
    {
        await StoreAsync("CO1.PCCNTR.A", Nit);
        soda.AddExecution("CO1.PCCNTR.A", "50", "40", "2024-03-01", "2024-03-05");
        Assert.Equal(1, (await Sync().RunAsync(Nit)).Added);

        var again = await Sync().RunAsync(Nit);

        Assert.Equal((1, 0, 0), (again.Rows, again.Added, again.Refused));
        Assert.Equal(1, await progress.CountAsync("CO1.PCCNTR.A"));

        soda.ExecutionRows.Clear();
        soda.AddExecution("CO1.PCCNTR.A", "50", "45", "2024-03-01", "2024-03-05");   // SECOP corrected the figure
        Assert.Equal(1, (await Sync().RunAsync(Nit)).Added);
        Assert.Equal([45m, 40m], (await progress.ListAsync("CO1.PCCNTR.A", 10)).Select(e => e.Percent).Order().Reverse());
    }

    [Fact]
    public async Task Execution_pull_asks_fifty_works_per_query_with_quotes_escaped()
    {
        var ids = Enumerable.Range(0, 51).Select(i => $"CO1.PCCNTR.{i:D3}").Append("CO1.PCCNTR.O'1").ToList();
        foreach (var id in ids) await StoreAsync(id, Nit);
        soda.AddExecution("CO1.PCCNTR.O'1", null, "30", null, "2025-01-10");

        var run = await Sync(pageSize: 1000).RunAsync(Nit);

        Assert.Equal((52, 1, 1), (run.Works, run.Rows, run.Added));
        var requests = TakeRequests();
        Assert.Equal(2, requests.Count);
        Assert.Equal(SecopExecutionSync.IdsPerQuery, requests[0]["$where"].ToString().Split(',').Length);
        Assert.Contains("'CO1.PCCNTR.O''1'", requests[1]["$where"].ToString());
        Assert.Equal(30m, Assert.Single(await progress.ListAsync("CO1.PCCNTR.O'1", 10)).Percent);
    }

    [Fact]
    public async Task Rows_of_contracts_that_were_not_asked_for_are_ignored()
    {
        await StoreAsync("CO1.PCCNTR.A", Nit);
        soda.ExecutionFaults.Enqueue(response => response.WriteAsJsonAsync(new[]
        {
            new Dictionary<string, string> { ["identificadorcontrato"] = "CO1.PCCNTR.ELSEWHERE", ["porcentaje_de_avance_real"] = "10", ["fechadeentregareal"] = "2024-01-01" },
        }));

        var run = await Sync().RunAsync(Nit);

        Assert.Equal((1, 0, 1), (run.Rows, run.Added, run.Ignored));
        Assert.Equal(0, await progress.CountAsync("CO1.PCCNTR.ELSEWHERE"));
    }

    [Fact]
    public async Task A_malformed_execution_page_stops_the_pull_and_says_it_reads_again_next_time()
    {
        await StoreAsync("CO1.PCCNTR.A", Nit);
        soda.ExecutionFaults.Enqueue(RecordedSoda.File("soda-malformed.json"));

        var run = await Sync().RunAsync(Nit);

        Assert.Contains("próxima sincronización", run.Error);
        Assert.Equal(0, run.Added);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Execution_rows_become_progress_entries_attributed_to_SECOP_on_the_page_and_a_second_pull_adds_nothing_new(StoreKind store)
    {
        using var factory = SyncingFactory(store);
        soda.Pages[0] = "soda-page-0.json";                     // CO1.PCCNTR.8000001 and 8000002, short page: the pull ends
        soda.AddExecution("CO1.PCCNTR.8000001", "50", "40", "2024-03-01T00:00:00.000", "2024-03-05T00:00:00.000");
        soda.AddExecution("CO1.PCCNTR.8000002", "50", "abc", null, "2024-03-05T00:00:00.000");
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        var first = (await ObrasQrFactory.SyncNowAsync(office)).GetProperty("soda")[0];
        var again = (await ObrasQrFactory.SyncNowAsync(office)).GetProperty("soda")[0];

        Assert.Equal(2, first.GetProperty("counts").GetProperty("new").GetInt32());
        var execution = first.GetProperty("execution");
        Assert.Equal((2, 1, 1), (execution.GetProperty("rows").GetInt32(), execution.GetProperty("added").GetInt32(), execution.GetProperty("refused").GetInt32()));
        Assert.Equal("El avance real «abc» no es un número.", execution.GetProperty("refusals")[0].GetProperty("reason").GetString());
        Assert.Equal(0, again.GetProperty("execution").GetProperty("added").GetInt32());

        var list = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/contracts/CO1.PCCNTR.8000001/avances");
        var entry = Assert.Single(list.GetProperty("entries").EnumerateArray());
        Assert.Equal("SECOP II (ejecución del contrato, datos.gov.co mfmm-jqmq)", entry.GetProperty("source").GetString());
        Assert.Equal(40m, entry.GetProperty("percent").GetDecimal());

        // The page's text, its tags dropped.
        var html = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(await factory.CreateClient().GetStringAsync("/o/CO1.PCCNTR.8000001"), "<[^>]+>", ""));
        Assert.Contains("40 % ejecutado según SECOP II", html);                     // beside the money paid
        Assert.Contains("Avance físico: 40 % ejecutado, según SECOP II (ejecución del contrato, entrega del 5 de marzo de 2024; leído de datos.gov.co el", html);
        Assert.Contains("Avance de la obra, según SECOP II", html);
        Assert.Contains("Según SECOP II (ejecución del contrato): avance real 40 % en la entrega del 5 de marzo de 2024; avance esperado para esa entrega 50 %, con fecha esperada 1 de marzo de 2024.", html);
        Assert.DoesNotContain("según la oficina de contratación", html);
        Assert.DoesNotContain("Nota de la oficina", html);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Execution_pull_failure_keeps_the_contract_pull(StoreKind store)
    {
        using var factory = SyncingFactory(store);
        soda.Pages[0] = "soda-page-0.json";
        for (var i = 0; i < 2; i++) soda.ExecutionFaults.Enqueue(RecordedSoda.Status(503));
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        var pulled = (await ObrasQrFactory.SyncNowAsync(office)).GetProperty("soda")[0];

        Assert.Equal(JsonValueKind.Null, pulled.GetProperty("error").ValueKind);
        Assert.Equal(2, pulled.GetProperty("counts").GetProperty("new").GetInt32());
        Assert.Contains("2 intentos", pulled.GetProperty("execution").GetProperty("error").GetString());
        var work = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/contracts/CO1.PCCNTR.8000001");
        Assert.Equal(10_979_236_356m, work.GetProperty("contract").GetProperty("value").GetDecimal());
    }

    ObrasQrFactory SyncingFactory(StoreKind store)
    {
        var factory = new ObrasQrFactory(store);
        factory.Settings["ObrasQr:Sync:SodaBaseUrl"] = soda.BaseUrl;
        factory.Settings["ObrasQr:Sync:EntityNit"] = Nit;
        factory.Settings["ObrasQr:Sync:PageSize"] = "1000";
        factory.Settings["ObrasQr:Sync:MaxAttempts"] = "2";
        factory.Settings["ObrasQr:Sync:RetryBaseDelay"] = "00:00:00";
        return factory;
    }
}
