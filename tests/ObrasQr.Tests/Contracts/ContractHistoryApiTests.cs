using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ObrasQr.Contracts;

namespace ObrasQr.Tests.Contracts;

/// <summary>GET /api/contracts/{id} answers a page of a contract's history, whatever its length (issue 16: a careless
/// or hostile upload can give one contract 20,000 versions): pages join with no version or change lost or repeated.</summary>
public abstract class ContractHistoryApiTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : ContractHistoryApiTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : ContractHistoryApiTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    static readonly DateTimeOffset Synced = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary><paramref name="count"/> versions, each a day apart: every one moves the end date, some the status or
    /// the value too, and every tenth from the fifth changes only a field the API does not compare (no change listed).</summary>
    internal static List<ContractVersion> History(string id, int count)
    {
        var contract = new Contract
        {
            ContractId = id, Type = "Obra", Status = "En ejecución", Value = 1_000_000_000m, Object = "Puente peatonal de la calle 8",
            StartsOn = new DateOnly(2026, 1, 15), EndsOn = new DateOnly(2026, 12, 15), AddedDays = 0,
        };
        var version = ContractVersion.First(contract, Synced, "test");
        var versions = new List<ContractVersion> { version };
        for (var n = 2; n <= count; n++)
        {
            contract = n % 10 == 5 ? contract with { Reference = $"R{n}" } : contract with
            {
                AddedDays = contract.AddedDays + 1, EndsOn = contract.EndsOn!.Value.AddDays(1),
                Status = n % 7 == 0 ? (contract.Status == "En ejecución" ? "Suspendido" : "En ejecución") : contract.Status,
                Value = n % 11 == 0 ? contract.Value + 1_000_000m : contract.Value,
            };
            version = version.Next(contract, Synced.AddDays(n), "test")!;
            versions.Add(version);
        }
        return versions;
    }

    internal static async Task Store(IContractStore store, List<ContractVersion> history)
    {
        foreach (var batch in history.Chunk(1000))
            Assert.All(await store.AddVersionsAsync(batch), Assert.True);
    }

    async Task<List<ContractVersion>> Stored(string id, int count)
    {
        var history = History(id, count);
        await Store(factory.Service<IContractStore>(), history);
        return history;
    }

    async Task<JsonElement> Page(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static List<int> Numbers(JsonElement page) => [.. page.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32())];

    static List<ContractChange> Changes(JsonElement page) => page.GetProperty("changes").Deserialize<List<ContractChange>>(JsonSerializerOptions.Web)!;

    [Fact]
    public async Task Paging_walks_a_130_version_contract_in_pages_of_50_with_no_version_or_change_lost_or_repeated()
    {
        var history = await Stored("CO1.PCCNTR.9400001", 130);

        var numbers = new List<int>();
        var changes = new List<ContractChange>();
        var pages = new List<List<int>>();
        string? next = "/api/contracts/CO1.PCCNTR.9400001?limit=50";
        while (next is not null)
        {
            var page = await Page(next);
            Assert.Equal(130, page.GetProperty("versionCount").GetInt32());
            Assert.Equal(history[^1].Contract.EndsOn, page.GetProperty("contract").GetProperty("endsOn").Deserialize<DateOnly>());
            pages.Add(Numbers(page));
            numbers.InsertRange(0, Numbers(page)); // each page is older than the one before, oldest first within it
            changes.AddRange(Changes(page)); // newest first across pages as within them
            next = page.GetProperty("next").GetString();
            Assert.True(pages.Count <= 3, "more pages than 130 versions need");
        }

        Assert.Equal([Enumerable.Range(81, 50), Enumerable.Range(31, 50), Enumerable.Range(1, 30)], pages.Select(p => p.AsEnumerable()));
        Assert.Equal(Enumerable.Range(1, 130), numbers);
        Assert.Equal(ContractChanges.Between(history), changes);
    }

    [Fact]
    public async Task Without_parameters_the_latest_50_versions_come_with_a_link_to_the_older_ones()
    {
        var history = await Stored("CO1.PCCNTR.9400002", 130);

        var page = await Page("/api/contracts/co1.pccntr.9400002");

        Assert.Equal(Enumerable.Range(81, 50), Numbers(page));
        Assert.Equal("/api/contracts/CO1.PCCNTR.9400002?antes=81&limit=50", page.GetProperty("next").GetString());
        Assert.Equal(ContractChanges.Between(history[79..]), Changes(page)); // into version 81 from 80, and on to 130
        var versions = page.GetProperty("versions");
        Assert.Equal(history[80].SyncedAt, versions[0].GetProperty("syncedAt").GetDateTimeOffset());
        Assert.Equal("test", versions[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_limit_of_200_reads_a_130_version_history_whole_and_has_no_next_page()
    {
        var history = await Stored("CO1.PCCNTR.9400003", 130);

        var page = await Page("/api/contracts/CO1.PCCNTR.9400003?limit=200");

        Assert.Equal(Enumerable.Range(1, 130), Numbers(page));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
        Assert.Equal(ContractChanges.Between(history), Changes(page));
    }

    [Fact]
    public async Task Versions_before_a_number_are_the_page_that_ends_just_before_it()
    {
        var history = await Stored("CO1.PCCNTR.9400004", 40);

        var middle = await Page("/api/contracts/CO1.PCCNTR.9400004?antes=21&limit=7");
        var beyond = await Page("/api/contracts/CO1.PCCNTR.9400004?antes=999&limit=7");
        var first = await Page("/api/contracts/CO1.PCCNTR.9400004?antes=2&limit=7");
        var before = await Page("/api/contracts/CO1.PCCNTR.9400004?antes=1");

        Assert.Equal(Enumerable.Range(14, 7), Numbers(middle));
        Assert.Equal("/api/contracts/CO1.PCCNTR.9400004?antes=14&limit=7", middle.GetProperty("next").GetString());
        Assert.Equal(ContractChanges.Between(history[12..20]), Changes(middle));
        Assert.Equal(Enumerable.Range(34, 7), Numbers(beyond)); // past the last version: the latest page
        Assert.Equal([1], Numbers(first));
        Assert.Empty(Changes(first)); // the first version has no predecessor
        Assert.Equal(JsonValueKind.Null, first.GetProperty("next").ValueKind);
        Assert.Empty(Numbers(before));
        Assert.Equal(JsonValueKind.Null, before.GetProperty("next").ValueKind);
        Assert.Equal(40, before.GetProperty("versionCount").GetInt32());
    }

    [Theory]
    [InlineData("limit=0", "limit"), InlineData("limit=201", "limit"), InlineData("limit=diez", "limit"), InlineData("limit=-5", "limit"),
     InlineData("limit=", "limit"), InlineData("limit=99999999999", "limit"),
     InlineData("antes=0", "antes"), InlineData("antes=-3", "antes"), InlineData("antes=1.5", "antes"), InlineData("antes=v12", "antes"),
     InlineData("antes=", "antes"), InlineData("antes=99999999999", "antes")]
    public async Task A_bad_limit_or_antes_is_a_400_that_names_the_field(string query, string field)
    {
        var response = await factory.CreateClient().GetAsync($"/api/contracts/CO1.PCCNTR.5361557?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("errors").GetProperty(field)[0].GetString()));
    }

    [Fact]
    public async Task An_unknown_contract_is_still_a_404_with_paging_parameters()
    {
        var response = await factory.CreateClient().GetAsync("/api/contracts/CO1.PCCNTR.404404?antes=3&limit=2");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
