using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ObrasQr.Contracts;
using ObrasQr.Secop;
using ObrasQr.Staff;
using ObrasQr.Tests.Staff;

namespace ObrasQr.Tests.Secop;

/// <summary>
/// The bundled demo is seeded only where it is asked for (the Development settings, or ObrasQr__SeedDemoData=true), and
/// while it is on every page, the desk and the open data's publisher say that the data is a demonstration.
/// </summary>
public abstract class DemoDataTests(StoreKind store)
{
    public sealed class OnSqlite() : DemoDataTests(StoreKind.Sqlite);
    public sealed class OnAzure() : DemoDataTests(StoreKind.Azure);

    const string Marker = "<strong>Demostración.</strong>";

    ObrasQrFactory Production(string? seedDemoData)
    {
        var factory = new ObrasQrFactory(store);
        factory.Settings["environment"] = "Production";
        factory.Settings["ObrasQr:SeedDemoData"] = seedDemoData;
        factory.Settings["ObrasQr:Reports:IdentityKeys:0:Id"] = "k1";
        factory.Settings["ObrasQr:Reports:IdentityKeys:0:Key"] = Convert.ToBase64String(new byte[32]);
        return factory;
    }

    [Fact]
    public async Task Production_without_the_setting_seeds_nothing_and_says_nothing_of_a_demo()
    {
        using var factory = Production(seedDemoData: null);
        var client = factory.CreateClient();

        Assert.Equal(0, await factory.Service<IContractStore>().CountAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/o/{DemoData.SampleContractId}")).StatusCode);
        Assert.DoesNotContain(Marker, await client.GetStringAsync("/privacidad"));
    }

    [Fact]
    public async Task Production_with_the_setting_true_seeds_the_demo_and_every_page_says_so()
    {
        using var factory = Production(seedDemoData: "true");
        var client = factory.CreateClient();

        Assert.True(await factory.Service<IContractStore>().CountAsync() > 0);
        Assert.Contains(Marker, await client.GetStringAsync($"/o/{DemoData.SampleContractId}"));
        Assert.Contains(Marker, await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task The_desk_says_the_data_is_a_demonstration()
    {
        using var factory = new ObrasQrFactory(store);
        await DeskSession.AccountAsync(factory, "oficina@ejemplo.gov.co", ObrasQr.Auth.Roles.Office, "890480184");
        var desk = new DeskSession(factory);
        await desk.SignInAsync("oficina@ejemplo.gov.co");

        Assert.Contains(Marker, await desk.Client.GetStringAsync("/escritorio/obras"));
    }

    /// <summary>The demo server as `dotnet run` starts it: Development, demo data on.</summary>
    ObrasQrFactory Development()
    {
        var factory = new ObrasQrFactory(store);
        factory.Settings["environment"] = "Development";
        return factory;
    }

    [Fact]
    public async Task The_open_data_publisher_says_the_data_is_a_demonstration()
    {
        using var factory = Development();
        var client = factory.CreateClient();

        var package = await client.GetFromJsonAsync<JsonElement>("/api/oc4ids.json");
        Assert.Contains("DEMOSTRACIÓN", package.GetProperty("publisher").GetProperty("name").GetString());
        var requests = await client.GetFromJsonAsync<JsonElement>("/open311/v2/requests.json");
        Assert.All(requests.EnumerateArray(), r => Assert.Contains("DEMOSTRACIÓN", r.GetProperty("agency_responsible").GetString()));
        Assert.NotEqual(0, requests.GetArrayLength());
    }

    [Fact]
    public async Task Without_demo_data_the_publisher_is_the_entity_alone()
    {
        using var factory = new ObrasQrFactory(store);
        factory.Settings["ObrasQr:SeedDemoData"] = "false";
        var client = factory.CreateClient();
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        using var upload = new StreamContent(File.OpenRead(TestData.DemoExport())) { Headers = { ContentType = new("text/csv") } };
        await office.PostAsync("/api/exports", upload);
        await ObrasQrFactory.SyncNowAsync(office);

        var package = await client.GetFromJsonAsync<JsonElement>("/api/oc4ids.json");

        Assert.Equal("Alcaldía Mayor de Cartagena de Indias D. T. y C.", package.GetProperty("publisher").GetProperty("name").GetString());
        Assert.DoesNotContain(Marker, await client.GetStringAsync($"/o/{DemoData.SampleContractId}"));
    }

    [Fact]
    public async Task The_development_demo_has_a_report_in_every_state_through_the_desk_rules()
    {
        using var factory = Development();
        var auditor = factory.ClientWithKey(ObrasQrFactory.AuditorKey);

        var items = (await auditor.GetFromJsonAsync<JsonElement>("/api/reports?limit=50")).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(["cerrado", "en_revision", "recibido", "respondido", "trasladado"], items.Select(i => i.GetProperty("status").GetString()).Order());
        var answered = items.Where(i => i.GetProperty("status").GetString() is "respondido" or "cerrado").ToList();
        Assert.All(answered, i => Assert.False(string.IsNullOrWhiteSpace(i.GetProperty("publicAnswer").GetString())));
        var requests = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/open311/v2/requests.json");
        Assert.Equal(5, requests.GetArrayLength());
        Assert.Single(requests.EnumerateArray(), r => r.GetProperty("description").ValueKind == JsonValueKind.String); // the one marked publishable
    }

    [Fact]
    public async Task The_development_demo_puts_a_work_on_the_map_from_its_progress_entry()
    {
        using var factory = Development();

        var map = await factory.CreateClient().GetStringAsync("/mapa");

        Assert.Contains($"data-lat=\"{DemoActivity.MappedLatitude.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"", map);
    }

    [Fact]
    public async Task Outside_development_the_demo_is_the_exports_alone()
    {
        using var factory = new ObrasQrFactory(store); // "Testing", demo data on
        var auditor = factory.ClientWithKey(ObrasQrFactory.AuditorKey);

        var items = (await auditor.GetFromJsonAsync<JsonElement>("/api/reports")).GetProperty("items");

        Assert.Equal(0, items.GetArrayLength());
        Assert.DoesNotContain("data-lat", await factory.CreateClient().GetStringAsync("/mapa"));
    }
}
