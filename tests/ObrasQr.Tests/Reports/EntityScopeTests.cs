using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ObrasQr.Auth;

namespace ObrasQr.Tests.Reports;

/// <summary>Staff of entity A never see or change B's reports or photos: the desk answers as if they did not exist.</summary>
public sealed class EntityScopeTests
{
    const string Cartagena = "890480184", Manizales = "890801053";
    const string CartagenaKey = "clave-auditoria-cartagena", ManizalesKey = "clave-auditoria-manizales";
    const string ContractId = "CO1.PCCNTR.5361557";

    static ObrasQrFactory Scoped(StoreKind store)
    {
        var factory = new ObrasQrFactory(store);
        foreach (var (n, name, key, nit) in new[] { (2, "auditoria-cartagena", CartagenaKey, Cartagena), (3, "auditoria-manizales", ManizalesKey, Manizales) })
        {
            factory.Settings[$"ObrasQr:Auth:Keys:{n}:Name"] = name;
            factory.Settings[$"ObrasQr:Auth:Keys:{n}:Role"] = Roles.Auditor;
            factory.Settings[$"ObrasQr:Auth:Keys:{n}:Sha256"] = ApiKeys.Digest(key);
            factory.Settings[$"ObrasQr:Auth:Keys:{n}:EntityNit"] = nit;
        }
        return factory;
    }

    static async Task<string> SubmitAsync(ObrasQrFactory factory)
    {
        var created = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "obra_paralizada", description = "La obra lleva un mes detenida sin trabajadores." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetFromJsonAsync<JsonElement>("/api/reports");
        return list.GetProperty("items")[0].GetProperty("reportId").GetString()!;
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_auditor_of_another_entity_gets_404_for_the_report_and_an_empty_list(StoreKind store)
    {
        using var factory = Scoped(store);
        var reportId = await SubmitAsync(factory);
        var other = factory.ClientWithKey(ManizalesKey);

        var list = await other.GetFromJsonAsync<JsonElement>("/api/reports");
        var detail = await other.GetAsync($"/api/reports/{reportId}");
        var photo = await other.GetAsync($"/api/reports/{reportId}/photos/1");
        var change = await other.PatchAsJsonAsync($"/api/reports/{reportId}", new { status = "en_revision", note = "Revisión" });

        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, detail.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, photo.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, change.StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_auditor_of_the_works_entity_sees_and_answers_its_report(StoreKind store)
    {
        using var factory = Scoped(store);
        var reportId = await SubmitAsync(factory);
        var own = factory.ClientWithKey(CartagenaKey);

        var list = await own.GetFromJsonAsync<JsonElement>("/api/reports");
        var change = await own.PatchAsJsonAsync($"/api/reports/{reportId}", new { status = "en_revision", note = "Revisión inicial" });

        Assert.Equal(reportId, list.GetProperty("items")[0].GetProperty("reportId").GetString());
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        var history = (await change.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("history");
        Assert.Equal("auditoria-cartagena", history[history.GetArrayLength() - 1].GetProperty("by").GetString());
    }
}
