using System.Net;
using ObrasQr.Accountability;

namespace ObrasQr.Tests.Accountability;

/// <summary>The map page's CSP and the Leaflet files it loads from this site.</summary>
public class MapTests
{
    [Theory]
    [InlineData("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "img-src 'self' data: https://tile.openstreetmap.org;")]
    [InlineData("https://{s}.tiles.example.co:8443/{z}/{x}/{y}.png", "img-src 'self' data: https://*.tiles.example.co:8443;")]
    [InlineData("https://evil.example; script-src *", "img-src 'self' data: ;")] // not an origin: left out, never written into the policy
    [InlineData("tiles/{z}/{x}/{y}.png", "img-src 'self' data: ;")]
    public void The_map_policy_allows_only_the_tile_servers_origin_for_images(string tileUrl, string expected)
    {
        var csp = SecurityHeaders.MapCsp(tileUrl);

        Assert.Contains(expected, csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal(1, csp.Split("script-src").Length - 1);
    }

    [Fact]
    public async Task The_map_has_its_own_policy_and_every_other_page_keeps_the_strict_one()
    {
        using var factory = new ObrasQrFactory();
        var client = factory.CreateClient();

        var map = await client.GetAsync("/mapa");
        Assert.Equal(HttpStatusCode.OK, map.StatusCode);
        Assert.Equal(SecurityHeaders.MapCsp(new ObrasQrOptions().Map.TileUrl), map.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("Colombia, Bolívar, Cartagena de Indias", await map.Content.ReadAsStringAsync());
        var index = await client.GetAsync("/");
        Assert.Equal(SecurityHeaders.PageCsp, index.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("/mapa/leaflet.js", "text/javascript", "Leaflet")]
    [InlineData("/mapa/leaflet.css", "text/css", ".leaflet-")]
    [InlineData("/mapa/mapa.js", "text/javascript", "textContent")]
    public async Task Leaflet_and_the_map_script_are_served_from_this_site_with_an_etag(string path, string type, string text)
    {
        using var factory = new ObrasQrFactory();
        var client = factory.CreateClient();

        var response = await client.GetAsync(path);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(text, await response.Content.ReadAsStringAsync());
        var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public void A_work_without_coordinates_is_grouped_by_the_place_secop_gives()
    {
        var facts = ObrasQr.Contracts.ContractFacts.Of(
            [ObrasQr.Contracts.ContractVersion.First(new ObrasQr.Contracts.Contract { ContractId = "X", Type = "Obra", Status = "Activo", City = "Turbaco" },
                DateTimeOffset.UnixEpoch, "t")], new DateOnly(2026, 12, 1));
        Assert.Equal("Turbaco", new WorkSummary(facts, 1).Place);
        Assert.Equal("Sin lugar en SECOP II", new WorkSummary(facts with { Current = facts.Current with { City = " " } }, 1).Place);
    }
}
