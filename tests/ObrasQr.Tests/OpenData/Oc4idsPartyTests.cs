using System.Net.Http.Json;
using System.Text.Json;
using ObrasQr.Contracts;

namespace ObrasQr.Tests.OpenData;

/// <summary>OC4IDS party ids are unique in a project (the official review reports "Non-unique id values" otherwise): an
/// entity that contracts itself (SECOP's supplier NIT is the entity's) is one party with both roles.</summary>
public sealed class Oc4idsPartyTests
{
    const string SelfContracted = "CO1.PCCNTR.9400001";

    static IEnumerable<JsonElement> Projects(JsonElement package) => package.GetProperty("projects").EnumerateArray();

    static List<string?> PartyIds(JsonElement project) =>
        project.TryGetProperty("parties", out var parties) ? [.. parties.EnumerateArray().Select(p => p.GetProperty("id").GetString())] : [];

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Every_project_of_the_demo_has_unique_party_ids(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);

        var package = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/oc4ids.json");

        Assert.NotEmpty(Projects(package));
        Assert.All(Projects(package), p => Assert.Equal(PartyIds(p).Distinct().Count(), PartyIds(p).Count));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_work_whose_supplier_nit_is_the_entitys_has_one_party_with_both_roles(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        var work = new Contract
        {
            ContractId = SelfContracted, Type = "Obra", Status = "En ejecución", Value = 500_000_000m, Object = "Mantenimiento de la sede de la alcaldía",
            EntityName = "Alcaldía de Prueba", EntityNit = "890480184", SignedOn = new DateOnly(2026, 2, 1), StartsOn = new DateOnly(2026, 3, 1),
            EndsOn = new DateOnly(2027, 3, 1), ContractorName = "Alcaldía de Prueba", ContractorDocumentType = "NIT", ContractorDocument = "890480184",
        };
        Assert.True(await factory.Service<IContractStore>().AddVersionAsync(ContractVersion.First(work, DateTimeOffset.UtcNow, "test")));
        await factory.Service<ObrasQr.OpenData.OpenDataBuild>().BuildNowAsync(); // written past the importer, which would have asked for it

        var package = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/oc4ids.json");

        Assert.All(Projects(package), p => Assert.Equal(PartyIds(p).Distinct().Count(), PartyIds(p).Count));
        var project = Projects(package).Single(p => p.GetProperty("id").GetString()!.EndsWith(SelfContracted, StringComparison.Ordinal));
        var party = Assert.Single(project.GetProperty("parties").EnumerateArray());
        Assert.Equal(["buyer", "procuringEntity", "publicAuthority", "supplier"], party.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("890480184", party.GetProperty("identifier").GetProperty("id").GetString());
        var summary = project.GetProperty("contractingProcesses")[0].GetProperty("summary");
        Assert.Equal(party.GetProperty("id").GetString(), summary.GetProperty("suppliers")[0].GetProperty("id").GetString());
        Assert.Equal(party.GetProperty("id").GetString(), project.GetProperty("publicAuthority").GetProperty("id").GetString());
    }
}
