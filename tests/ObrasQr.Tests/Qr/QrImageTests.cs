using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using ObrasQr.Qr;

namespace ObrasQr.Tests.Qr;

public abstract class QrImageTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : QrImageTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : QrImageTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    const string ContractId = "CO1.PCCNTR.5361557";
    // Upper case where case does not matter, so the QR uses alphanumeric mode.
    const string Encoded = "HTTPS://OBRAS.CARTAGENA.GOV.CO/O/" + ContractId;

    [Fact]
    public async Task Png_decodes_to_the_public_page_url()
    {
        var response = await factory.CreateClient().GetAsync($"/o/{ContractId}/qr.png?size=400");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var decoded = Zbar.Decode(await response.Content.ReadAsByteArrayAsync(), ".png");
        Assert.Equal(Encoded, decoded);
    }

    [Fact]
    public async Task Encoded_address_leads_to_the_page()
    {
        var path = new Uri(Encoded).PathAndQuery;

        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal("/O/" + ContractId, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Upper_case_address_makes_a_smaller_symbol_at_high_correction()
    {
        using var upper = QrCodes.Encode(Encoded);
        using var lower = QrCodes.Encode($"{ObrasQrFactory.PublicBaseUrl}/o/{ContractId}");

        Assert.Equal(5, upper.Version);                 // 37 x 37 modules, alphanumeric mode, level H
        Assert.Equal(6, lower.Version);                 // 41 x 41 in byte mode
        Assert.Equal(37 + 8, upper.ModuleMatrix.Count); // with the 4-module quiet zone on each side
    }

    [Fact]
    public async Task Billboard_panel_is_a_vector_with_qr_id_url_and_call_to_action()
    {
        var response = await factory.CreateClient().GetAsync($"/o/{ContractId.ToLowerInvariant()}/valla.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.Contains("Escanee para ver el contrato", svg);
        Assert.Contains("y reportar irregularidades", svg);
        Assert.Contains($"Contrato {ContractId}", svg);
        Assert.Contains($"obras.cartagena.gov.co/o/{ContractId}", svg);
        Assert.Equal(Encoded, Zbar.Decode(Zbar.RasterizeSvg(svg), ".png"));
    }

    [Fact]
    public async Task Billboards_zip_needs_the_office_key()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/billboards.zip")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetAsync("/api/billboards.zip")).StatusCode);
    }

    [Fact]
    public async Task Billboards_zip_has_a_panel_and_png_for_every_published_work_that_decode()
    {
        var response = await factory.ClientWithKey(ObrasQrFactory.OfficeKey).GetAsync("/api/billboards.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var published = new List<string>();
        for (string? next = "/api/contracts?limit=200"; next is not null;)
        {
            var page = await factory.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement>(next);
            published.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("contractId").GetString()!));
            next = page.GetProperty("next").GetString();
        }
        Assert.True(published.Count >= 15);
        Assert.Equal(published.SelectMany(id => new[] { $"{id}/qr.png", $"{id}/valla.svg" }).Order(), zip.Entries.Select(e => e.FullName).Order());
        foreach (var id in published)
        {
            var expected = "HTTPS://OBRAS.CARTAGENA.GOV.CO/O/" + id;
            Assert.Equal(expected, Zbar.Decode(Read(zip, $"{id}/qr.png"), ".png"));
            Assert.Equal(expected, Zbar.Decode(Zbar.RasterizeSvg(System.Text.Encoding.UTF8.GetString(Read(zip, $"{id}/valla.svg"))), ".png"));
        }
    }

    [Fact]
    public async Task New_public_base_url_is_a_new_etag_and_image()
    {
        using var moved = new ObrasQrFactory(factory.Store) { Settings = { ["ObrasQr:PublicBaseUrl"] = "https://obras.example.gov.co" } };

        var before = await factory.CreateClient().GetAsync($"/o/{ContractId}/qr.png");
        var after = await moved.CreateClient().GetAsync($"/o/{ContractId}/qr.png");

        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal("HTTPS://OBRAS.EXAMPLE.GOV.CO/O/" + ContractId, Zbar.Decode(await after.Content.ReadAsByteArrayAsync(), ".png"));
    }

    static byte[] Read(ZipArchive zip, string name)
    {
        using var entry = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        entry.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Svg_is_a_vector_image_of_the_same_url()
    {
        var response = await factory.CreateClient().GetAsync($"/o/{ContractId}/qr.svg");

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.Contains("<svg", svg);
        var decoded = Zbar.Decode(Zbar.RasterizeSvg(svg), ".png");
        Assert.Equal(Encoded, decoded);
    }

    [Fact]
    public async Task Repeated_request_with_the_etag_is_not_modified()
    {
        var client = factory.CreateClient();
        var first = await client.GetAsync($"/o/{ContractId}/qr.png");
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/o/{ContractId}/qr.png");
        again.Headers.IfNoneMatch.Add(etag);
        var second = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(TimeSpan.FromDays(7), first.Headers.CacheControl!.MaxAge);
        Assert.True(first.Headers.CacheControl.Public);
    }

    [Theory]
    [InlineData("size=10")]
    [InlineData("size=99999")]
    [InlineData("size=grande")]
    public async Task Png_size_out_of_range_is_a_precise_problem(string query)
    {
        var response = await factory.CreateClient().GetAsync($"/o/{ContractId}/qr.png?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("size", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_contract_has_no_qr()
    {
        var response = await factory.CreateClient().GetAsync("/o/CO1.PCCNTR.0000000/qr.png");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>Decodes QR images with zbarimg (Debian's zbar-tools), the way a phone would read a printed code.</summary>
public static class Zbar
{
    public static string Decode(byte[] image, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"obrasqr-qr-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, image);
        try { return Run("zbarimg", "--quiet", "--raw", path).Trim(); }
        finally { File.Delete(path); }
    }

    /// <summary>zbarimg reads raster images only: render the SVG with Chromium-free tooling (rsvg-convert).</summary>
    public static byte[] RasterizeSvg(string svg)
    {
        var input = Path.Combine(Path.GetTempPath(), $"obrasqr-qr-{Guid.NewGuid():N}.svg");
        var output = Path.ChangeExtension(input, ".png");
        File.WriteAllText(input, svg);
        try
        {
            Run("rsvg-convert", "--width", "600", "--background-color", "white", "--output", output, input);
            return File.ReadAllBytes(output);
        }
        finally { File.Delete(input); File.Delete(output); }
    }

    static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error}");
        return output;
    }
}
