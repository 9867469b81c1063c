using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ObrasQr.Tests;

public abstract class HealthTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : HealthTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : HealthTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    [Fact]
    public async Task Health_says_ok_when_storage_answers()
    {
        var response = await factory.CreateClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("storage").GetBoolean());
    }

    [Fact]
    public async Task Open_data_lists_only_published_works()
    {
        var body = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/contracts?limit=200");

        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(21, items.Count); // the demo's signed Obra contracts
        Assert.All(items, c => Assert.Equal("Obra", c.GetProperty("type").GetString()));
    }
}
