using ObrasQr.Contracts;
using ObrasQr.Secop;
using ObrasQr.Sync;
using ObrasQr.Tests.Sync;
using static ObrasQr.Tests.Desk.OfficeDesk;

namespace ObrasQr.Tests.Desk;

public class SyncDeskTests : IAsyncLifetime
{
    RecordedSoda soda = null!;

    public async Task InitializeAsync()
    {
        soda = await RecordedSoda.StartAsync();
        soda.Pages[0] = "soda-page-0.json";
        soda.Pages[2] = "soda-page-1.json";
        soda.Pages[4] = "soda-page-2.json";
        soda.EntityPages[(OtherEntityNit, 0)] = "soda-later-page-0.json";
    }

    public async Task DisposeAsync() => await soda.DisposeAsync();

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_desk_syncs_each_configured_entity_on_demand_each_with_its_own_watermark(StoreKind store)
    {
        using var factory = NewServer(store);
        factory.Settings["ObrasQr:Sync:SodaBaseUrl"] = soda.BaseUrl;
        factory.Settings["ObrasQr:Sync:EntityNit"] = CartagenaNit;          // the single setting keeps working
        factory.Settings["ObrasQr:Sync:EntityNits:0"] = OtherEntityNit;
        factory.Settings["ObrasQr:Sync:EntityNits:1"] = CartagenaNit;       // named twice, pulled once
        factory.Settings["ObrasQr:Sync:PageSize"] = "2";
        var office = Office(factory);

        Assert.Contains($"NIT {CartagenaNit}, NIT {OtherEntityNit}", await PageAsync(office, "/escritorio/cargas"));
        var page = await DeskSyncNowAsync(office);

        Assert.Contains($"<h3>NIT {CartagenaNit}</h3>", page);
        Assert.Contains($"<h3>NIT {OtherEntityNit}</h3>", page);
        Assert.Contains("Al día con los cambios publicados hasta el 10 de febrero de 2026.", page);
        var sync = factory.Service<SodaSync>();
        var cartagena = await sync.WatermarkAsync(CartagenaNit);
        Assert.NotNull(cartagena);
        Assert.Equal(new DateTime(2026, 2, 10, 12, 0, 0), await sync.WatermarkAsync(OtherEntityNit));
        Assert.NotEqual(cartagena, await sync.WatermarkAsync(OtherEntityNit));
        var requests = soda.Requests.ToList();
        Assert.Equal(3, requests.Count(r => r.Query["$where"].ToString().Contains($"'{CartagenaNit}'")));   // pages 0, 2 and the short 4
        Assert.Equal(2, requests.Count(r => r.Query["$where"].ToString().Contains($"'{OtherEntityNit}'")));   // the full 0 and the empty 2

        // Next time each entity asks only for what changed since its own watermark.
        soda.Requests.Clear();
        await DeskSyncNowAsync(office);
        var wheres = soda.Requests.Select(r => r.Query["$where"].ToString()).ToList();
        Assert.Contains(wheres, w => w.Contains($"'{OtherEntityNit}'") && w.Contains(">= '2026-02-10T12:00:00"));
        Assert.Contains(wheres, w => w.Contains($"'{CartagenaNit}'") && w.Contains($">= '{cartagena:yyyy-MM-ddTHH:mm:ss}"));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_office_scoped_to_one_entity_sees_only_its_entitys_pull(StoreKind store)
    {
        using var factory = NewServer(store);
        factory.Settings["ObrasQr:Sync:SodaBaseUrl"] = soda.BaseUrl;
        factory.Settings["ObrasQr:Sync:EntityNits:0"] = CartagenaNit;
        factory.Settings["ObrasQr:Sync:EntityNits:1"] = OtherEntityNit;
        factory.Settings["ObrasQr:Sync:PageSize"] = "2";

        var page = await DeskSyncNowAsync(Office(factory, ScopedOfficeKey));

        Assert.Contains($"<h3>NIT {OtherEntityNit}</h3>", page);
        Assert.DoesNotContain($"<h3>NIT {CartagenaNit}</h3>", page);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Without_the_pull_set_up_the_clerk_reads_who_sets_it_up_and_no_configuration_names(StoreKind store)
    {
        using var factory = NewServer(store);
        var office = Office(factory);
        await factory.Service<IExportStore>().AddAsync(new SecopExport
        {
            ExportId = "una-carga", FileName = "una.csv", ContentType = "text/csv", FilePath = "exports/una",
            UploadedAt = DateTimeOffset.UtcNow, UploadedBy = "oficina", EntityNit = CartagenaNit, Status = ExportStatus.Imported,
        });

        var pages = new List<string>
        {
            await PageAsync(office, "/escritorio/cargas"),
            await PageAsync(office, "/escritorio/cargas/una-carga"),
            await PageAsync(office, "/escritorio/obras"),
            await PageAsync(office, "/escritorio/obras/nueva"),
            await DeskSyncNowAsync(office),
        };

        Assert.Contains("La activa el administrador del sistema", pages[0]);
        Assert.Contains("La activa el administrador del sistema", pages[4]);
        Assert.All(pages, page => Assert.DoesNotContain("ObrasQr__", page));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_sync_result_names_the_works_it_created_or_changed_with_links_and_counts_the_rest(StoreKind store)
    {
        using var factory = NewServer(store);
        var office = Office(factory);
        // Stored as pending without starting the background import, so this run is the one that imports it.
        await factory.Service<ObrasQr.Storage.IFileStore>().SaveAsync("exports/doce.csv", new MemoryStream(Export(12, new HashSet<int>())));
        await factory.Service<IExportStore>().AddAsync(new SecopExport
        {
            ExportId = "doce", FileName = "doce.csv", ContentType = "text/csv", FilePath = "exports/doce.csv",
            UploadedAt = DateTimeOffset.UtcNow, UploadedBy = "oficina", EntityNit = CartagenaNit,
        });

        var page = await DeskSyncNowAsync(office);

        Assert.Contains("12 nuevas", page);
        var contracts = factory.Service<IContractStore>();
        foreach (var id in new[] { "CO1.PCCNTR.7700001", "CO1.PCCNTR.7700010" })
            Assert.Contains($"<a href=\"/o/{id}\">{(await contracts.FindAsync(id))!.Contract.Name}</a>", page);
        Assert.DoesNotContain("/o/CO1.PCCNTR.7700011", page);
        Assert.Contains("y 2 más.", page);
        // The upload keeps what it wrote, bounded, with the rest of its result.
        Assert.Equal(12, (await factory.Service<IExportStore>().FindAsync("doce"))!.WrittenIds.Count);
    }
}
