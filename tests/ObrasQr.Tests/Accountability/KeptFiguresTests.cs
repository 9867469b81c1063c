using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using ObrasQr.Accountability;
using ObrasQr.Auth;
using ObrasQr.AzureStorage;
using ObrasQr.Reports;
using ObrasQr.Server.Storage;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.Accountability;

/// <summary>
/// Issue 27 point 3: the figures are kept per entity and month as reports are filed and change, never recomputed from
/// every report; a national roll-up is rebuilt in the background. On both stores.
/// </summary>
public sealed class KeptFiguresTests
{
    const string Cartagena = "890480184", Manizales = "890801053";
    const string CartagenaKey = "clave-auditoria-cartagena";
    static readonly DateOnly Today = new(2026, 12, 4);
    static readonly Semester Second2026 = new(2026, 2);

    static ObrasQrFactory Figures(StoreKind store, ManualClock? clock = null)
    {
        var factory = new ObrasQrFactory(store) { Clock = clock ?? ManualClock.AtNoonInColombia(2026, 12, 4) };
        factory.Settings["ObrasQr:SeedDemoData"] = "false";
        factory.Settings["ObrasQr:Auth:Keys:2:Name"] = "auditoria-cartagena";
        factory.Settings["ObrasQr:Auth:Keys:2:Role"] = Roles.Auditor;
        factory.Settings["ObrasQr:Auth:Keys:2:Sha256"] = ApiKeys.Digest(CartagenaKey);
        factory.Settings["ObrasQr:Auth:Keys:2:EntityNit"] = Cartagena;
        return factory;
    }

    static Report NewReport(string entity, DateOnly deadline, int daysAgo = 1, string category = "mala_calidad") => new()
    {
        ReportId = Guid.NewGuid().ToString("N"),
        ContractId = "CO1.PCCNTR." + entity,
        EntityNit = entity,
        Category = category,
        Description = "Texto que las cifras no guardan.",
        ReceivedAt = new DateTimeOffset(Today.AddDays(-daysAgo).ToDateTime(new TimeOnly(9, 0)), ColombiaTime.Offset),
        Deadline = deadline,
        TrackingCodeHash = TrackingCode.Hash(TrackingCode.New()),
    };

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Filing_a_report_counts_it_once_and_a_retried_write_of_the_same_version_changes_nothing(StoreKind store)
    {
        using var factory = Figures(store);
        var figures = factory.Service<KeptFigures>();
        var kept = factory.Service<IReportFigureStore>();

        var stored = await factory.Service<IReportStore>().AddAsync(NewReport(Cartagena, Today.AddDays(10)), null);
        var stamp = await kept.ChangeStampAsync();
        await kept.RecordAsync([ReportFact.Of(stored)]); // a retry of the same write
        await figures.RecordAsync([stored], CancellationToken.None);

        var counts = await figures.CountsAsync(Cartagena, Today, CancellationToken.None);
        Assert.Equal(1, counts.Total);
        Assert.Equal(1, counts.Of(ReportStatus.Received));
        Assert.Equal(stamp, await kept.ChangeStampAsync()); // nothing changed, so the roll-up is not computed again
        Assert.Equal(1, (await figures.NationalAsync(CancellationToken.None))!.Statistics.Total);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_late_write_of_an_older_version_does_not_undo_a_newer_one(StoreKind store)
    {
        using var factory = Figures(store);
        var kept = factory.Service<IReportFigureStore>();
        var first = NewReport(Cartagena, Today.AddDays(10));
        var answered = first.ChangeStatus(ReportStatus.Answered, "Hecho", "Resuelto.", "control-interno", Today.ToDateTime(TimeOnly.MinValue))!;

        await kept.RecordAsync([ReportFact.Of(answered)]);
        await kept.RecordAsync([ReportFact.Of(first)]);

        var fact = Assert.Single(await kept.OfEntityAsync(Cartagena));
        Assert.Equal(ReportStatus.Answered, fact.Status);
        Assert.Equal(answered.Version, fact.Version);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_answer_moves_a_report_from_open_to_answered_and_the_semiannual_figures_follow(StoreKind store)
    {
        using var factory = Figures(store);
        var figures = factory.Service<KeptFigures>();
        var report = await factory.Service<IReportStore>().AddAsync(NewReport(Cartagena, Today.AddDays(10)), null);
        var before = SemiannualReport.Of(await figures.OfEntityAsync(Cartagena, CancellationToken.None), Second2026, Today);

        var auditor = factory.ClientWithKey(CartagenaKey);
        var answer = await auditor.PatchAsJsonAsync($"/api/reports/{report.ReportId}", new { status = "respondido", note = "Hecho", publicAnswer = "Resuelto." });
        answer.EnsureSuccessStatusCode();

        var counts = await figures.CountsAsync(Cartagena, Today, CancellationToken.None);
        var after = SemiannualReport.Of(await figures.OfEntityAsync(Cartagena, CancellationToken.None), Second2026, Today);
        var national = (await figures.NationalAsync(CancellationToken.None))!.Of(Second2026);
        Assert.Equal((1, 0, 1), (before.InTerm, before.AnsweredOnTime, before.OpenAtEnd));
        Assert.Equal((0, 1, 0), (after.InTerm, after.AnsweredOnTime, after.OpenAtEnd));
        Assert.Equal((0, 1), (counts.Of(ReportStatus.Received), counts.Of(ReportStatus.Answered)));
        Assert.Equal((0, 1, 0), (national.InTerm, national.AnsweredOnTime, national.OpenAtEnd));
        var desk = await auditor.GetStringAsync("/escritorio/informe-semestral.csv?semestre=2026-2");
        Assert.DoesNotContain(report.ReportId, desk); // no longer an open case
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_statistics_and_the_public_semester_say_when_their_figures_were_computed(StoreKind store)
    {
        using var factory = Figures(store);
        await factory.Service<IReportStore>().AddAsync(NewReport(Cartagena, Today.AddDays(10)), null);
        var client = factory.CreateClient();

        var statistics = await client.GetStringAsync("/estadisticas");
        var semester = await client.GetStringAsync("/estadisticas/semestre/2026-2");

        const string Computed = "Cifras calculadas el 4 de diciembre de 2026 a las 12:00 (hora de Colombia)";
        Assert.Contains(Computed, statistics);
        Assert.Contains(Computed, semester);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_report_becomes_overdue_when_its_deadline_passes_without_any_change(StoreKind store)
    {
        var clock = ManualClock.AtNoonInColombia(2026, 12, 4);
        using var factory = Figures(store, clock);
        var figures = factory.Service<KeptFigures>();
        await factory.Service<IReportStore>().AddAsync(NewReport(Cartagena, Today.AddDays(1)), null);
        var national = await figures.NationalAsync(CancellationToken.None);

        clock.Advance(TimeSpan.FromDays(2));
        var computedAgain = await figures.RefreshAsync(CancellationToken.None);

        Assert.Equal(0, national!.Counts.Overdue);
        Assert.Equal(1, (await figures.CountsAsync(Cartagena, Today.AddDays(2), CancellationToken.None)).Overdue);
        Assert.True(computedAgain); // the day changed, no report did
        Assert.Equal(1, (await figures.NationalAsync(CancellationToken.None))!.Counts.Overdue);
        Assert.False(await figures.RefreshAsync(CancellationToken.None)); // same day, same facts: nothing to compute
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_rebuild_from_the_reports_gives_the_figures_the_incremental_path_kept(StoreKind store)
    {
        using var factory = Figures(store);
        var reports = factory.Service<IReportStore>();
        var desk = factory.Service<ReportWorkflow>();
        var office = new Caller("control-interno", Roles.Auditor);
        var filed = new List<Report>();
        for (var i = 0; i < 6; i++)
            filed.Add(await reports.AddAsync(NewReport(i % 2 == 0 ? Cartagena : Manizales, Today.AddDays(i - 3), daysAgo: 20 * i + 1,
                category: i % 3 == 0 ? "obra_paralizada" : "otro"), null));
        await desk.ChangeStatusAsync(filed[0].ReportId, new StatusChangeRequest(ReportStatus.Answered, "Hecho", "Resuelto."), office, CancellationToken.None);
        await desk.ChangeStatusAsync(filed[3].ReportId, new StatusChangeRequest(ReportStatus.Forwarded, "No es nuestro", null, "Gobernación"), office, CancellationToken.None);
        var incremental = (await factory.Service<KeptFigures>().NationalAsync(CancellationToken.None))!;

        var (fresh, cleanup) = EmptyFigureStore(store);
        try
        {
            var rebuilt = new KeptFigures(fresh, factory.Service<TimeProvider>(), NullLogger<KeptFigures>.Instance);
            await rebuilt.RebuildAsync(reports, CancellationToken.None);

            Assert.Equal(Comparable(incremental), Comparable((await rebuilt.NationalAsync(CancellationToken.None))!));
            Assert.Equal(Comparable(await factory.Service<IReportFigureStore>().OfEntityAsync(Cartagena)), Comparable(await fresh.OfEntityAsync(Cartagena)));
            Assert.Equal(6, incremental.Statistics.Total);
        }
        finally
        {
            cleanup();
        }
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_report_stored_without_its_fact_is_counted_after_the_rebuild(StoreKind store)
    {
        using var factory = Figures(store);
        var figures = factory.Service<KeptFigures>();
        await factory.Service<IReportStore>().AddAsync(NewReport(Cartagena, Today.AddDays(10)), null);
        // The store's own class, as when a crash came between storing the report and keeping its fact.
        var bare = (IReportStore)factory.Services.GetService(store == StoreKind.Sqlite ? typeof(SqliteReportStore) : typeof(AzureReportStore))!;
        await bare.AddAsync(NewReport(Cartagena, Today.AddDays(10)), null);
        var missing = await figures.CountsAsync(Cartagena, Today, CancellationToken.None);

        await figures.RebuildAsync(factory.Service<IReportStore>(), CancellationToken.None);

        Assert.Equal(1, missing.Total);
        Assert.Equal(2, (await figures.CountsAsync(Cartagena, Today, CancellationToken.None)).Total);
        Assert.Equal(2, (await figures.NationalAsync(CancellationToken.None))!.Statistics.Total);
    }

    [Fact]
    public async Task An_entitys_counts_on_Azure_read_only_its_own_partition()
    {
        var requests = new RecordedRequests();
        var options = new TableClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var azure = new AzureStore(new TableServiceClient(Azurite.ConnectionString, options), new BlobServiceClient(Azurite.ConnectionString), Azurite.NewPrefix());
        await azure.EnsureCreatedAsync();
        var kept = new AzureReportFigureStore(azure);
        await kept.RecordAsync([ReportFact.Of(NewReport(Cartagena, Today.AddDays(3))), ReportFact.Of(NewReport(Cartagena, Today.AddDays(-3), daysAgo: 40)),
            ReportFact.Of(NewReport(Manizales, Today.AddDays(-3)))]);
        requests.Clear();

        var counts = await new KeptFigures(kept, TimeProvider.System, NullLogger<KeptFigures>.Instance).CountsAsync(Cartagena, Today, CancellationToken.None);

        Assert.Equal((2, 1), (counts.Total, counts.Overdue));
        var reads = requests.Uris;
        Assert.NotEmpty(reads);
        Assert.All(reads, uri => Assert.Contains($"PartitionKey eq '{Cartagena}'", Uri.UnescapeDataString(uri.Query)));
    }

    sealed class RecordedRequests : HttpPipelineSynchronousPolicy
    {
        readonly List<Uri> uris = [];

        public IReadOnlyList<Uri> Uris { get { lock (uris) return [.. uris]; } }

        public void Clear() { lock (uris) uris.Clear(); }

        public override void OnSendingRequest(HttpMessage message)
        {
            lock (uris) uris.Add(message.Request.Uri.ToUri());
        }
    }

    static (IReportFigureStore Store, Action Cleanup) EmptyFigureStore(StoreKind store)
    {
        if (store == StoreKind.Azure) return (new AzureReportFigureStore(Azurite.NewStore()), () => { });
        var directory = Path.Combine(Path.GetTempPath(), "obrasqr-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return (new SqliteReportFigureStore(new SqliteDatabase(Path.Combine(directory, "cifras.db"))), () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        });
    }

    /// <summary>The figures without when and from what stamp they were computed.</summary>
    static string Comparable(NationalFigures figures) =>
        JsonSerializer.Serialize(figures with { ComputedAt = default, Stamp = null }, FigureJson.Options);

    static string Comparable(IReadOnlyList<ReportFact> facts) =>
        JsonSerializer.Serialize(facts.OrderBy(f => f.ReportId, StringComparer.Ordinal), FigureJson.Options);
}
