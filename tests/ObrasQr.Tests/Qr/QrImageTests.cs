using System.Diagnostics;
using System.Net;

namespace ObrasQr.Tests.Qr;

public sealed class QrImageTests(ObrasQrFactory factory) : IClassFixture<ObrasQrFactory>
{
    const string ContractId = "CO1.PCCNTR.5361557";

    [Fact]
    public async Task Png_decodes_to_the_public_page_url()
    {
        var response = await factory.CreateClient().GetAsync($"/o/{ContractId}/qr.png?size=400");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var decoded = Zbar.Decode(await response.Content.ReadAsByteArrayAsync(), ".png");
        Assert.Equal($"{ObrasQrFactory.PublicBaseUrl}/o/{ContractId}", decoded);
    }

    [Fact]
    public async Task Svg_is_a_vector_image_of_the_same_url()
    {
        var response = await factory.CreateClient().GetAsync($"/o/{ContractId}/qr.svg");

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.Contains("<svg", svg);
        var decoded = Zbar.Decode(Zbar.RasterizeSvg(svg), ".png");
        Assert.Equal($"{ObrasQrFactory.PublicBaseUrl}/o/{ContractId}", decoded);
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
        Assert.Contains("max-age", first.Headers.CacheControl!.ToString());
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
