using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ObrasQr.Qr;

namespace ObrasQr.Tests.Qr;

/// <summary>The Host header is the client's to choose: it never reaches a QR, a panel or the zip.</summary>
public sealed class UntrustedHostTests
{
    const string ContractId = "CO1.PCCNTR.5361557";

    static PublicUrls Urls(string? publicBaseUrl, string? allowedHosts) =>
        new(new StaticOptions(new ObrasQrOptions { PublicBaseUrl = publicBaseUrl }), allowedHosts);

    static HttpRequest WithHost(string host)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(host);
        return context.Request;
    }

    [Theory]
    [InlineData("evil.example", "*")]
    [InlineData("evil.example", null)]
    [InlineData("evil.example", "obras.cartagena.gov.co")]
    [InlineData("evil.example:99999", "evil.example")]
    [InlineData("obras.cartagena.gov.co.evil.example", "obras.cartagena.gov.co")]
    public void Without_a_public_base_url_an_untrusted_host_is_never_encoded(string host, string? allowed)
    {
        var urls = Urls(null, allowed);
        Assert.Equal("HTTP://LOCALHOST/O/" + ContractId, urls.QrUrl(WithHost(host), ContractId));
        Assert.DoesNotContain("evil", urls.DisplayUrl(WithHost(host), ContractId));
    }

    [Fact]
    public void A_host_of_3000_characters_is_not_an_error()
    {
        var host = new string('a', 3000) + ".example";
        Assert.Equal("HTTP://LOCALHOST/O/" + ContractId, Urls(null, host).QrUrl(WithHost(host), ContractId));
    }

    [Fact]
    public void A_host_listed_in_allowed_hosts_is_used_in_development()
    {
        Assert.Equal("HTTP://OBRAS.LOCAL:5000/O/" + ContractId, Urls(null, "obras.local;otra.local").QrUrl(WithHost("obras.local:5000"), ContractId));
    }

    [Fact]
    public void The_configured_public_base_url_wins_over_any_host()
    {
        Assert.Equal("HTTPS://OBRAS.CARTAGENA.GOV.CO/O/" + ContractId,
            Urls("https://obras.cartagena.gov.co/", "evil.example").QrUrl(WithHost("evil.example"), ContractId));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:99999")]
    public async Task Panel_and_zip_over_http_never_reflect_the_host(string host)
    {
        using var factory = new ObrasQrFactory();
        factory.Settings["ObrasQr:PublicBaseUrl"] = "";
        var client = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        using var panelRequest = new HttpRequestMessage(HttpMethod.Get, $"/o/{ContractId}/valla.svg");
        panelRequest.Headers.TryAddWithoutValidation("Host", host);
        var panel = await client.SendAsync(panelRequest);
        using var zipRequest = new HttpRequestMessage(HttpMethod.Get, "/api/billboards.zip");
        zipRequest.Headers.TryAddWithoutValidation("Host", host);
        var zip = await client.SendAsync(zipRequest);

        Assert.Equal(HttpStatusCode.OK, panel.StatusCode);
        Assert.DoesNotContain("evil", await panel.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        using var archive = new System.IO.Compression.ZipArchive(await zip.Content.ReadAsStreamAsync());
        foreach (var entry in archive.Entries.Where(e => e.Name == "valla.svg"))
        {
            using var reader = new StreamReader(entry.Open());
            Assert.DoesNotContain("evil", await reader.ReadToEndAsync());
        }
    }

    [Fact]
    public void Production_refuses_to_start_without_a_public_base_url_or_identity_key()
    {
        var result = Check(new ObrasQrOptions(), Environments.Production);
        Assert.True(result.Failed);
        Assert.Contains("PublicBaseUrl", result.FailureMessage);
        Assert.Contains("IdentityKeys", result.FailureMessage);

        var configured = new ObrasQrOptions { PublicBaseUrl = "https://obras.cartagena.gov.co" };
        configured.Reports.IdentityKeys.Add(new IdentityKeyOptions { Id = "k1", Key = Convert.ToBase64String(new byte[32]) });
        configured.Trust = new() { EntityName = "Alcaldía de Ejemplo", EntityNit = "800000000-1", OfficeName = "Control Interno", Email = "control@ejemplo.gov.co" };
        Assert.True(Check(configured, Environments.Production).Succeeded);
        Assert.True(Check(new ObrasQrOptions(), "Testing").Succeeded);
        Assert.True(Check(new ObrasQrOptions { PublicBaseUrl = "javascript:alert(1)" }, "Testing").Failed);
    }

    /// <summary>The real server process, as an operator would start it: WebApplicationFactory is not used here, because
    /// when a host fails to start it races to dispose its services and sometimes reports that instead of the reason.</summary>
    [Fact]
    public async Task Production_server_does_not_start_without_a_public_base_url()
    {
        var data = Path.Combine(Path.GetTempPath(), "obrasqr-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ObrasQr.Server.dll") },
            WorkingDirectory = data, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = Environments.Production, ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["ObrasQr__DataDirectory"] = data, ["ObrasQr__PublicBaseUrl"] = "",
            },
        };
        using var server = Process.Start(start)!;
        var output = server.StandardOutput.ReadToEndAsync();
        var errors = server.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try { await server.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { server.Kill(entireProcessTree: true); }

        Assert.True(server.HasExited && server.ExitCode != 0, "The server should have refused to start.");
        Assert.Contains("ObrasQr__PublicBaseUrl es obligatoria en producción", await output + await errors);
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    static ValidateOptionsResult Check(ObrasQrOptions options, string environment)
    {
        var services = new ServiceCollection()
            .AddSingleton<IHostEnvironment>(new TestEnvironment { EnvironmentName = environment })
            .BuildServiceProvider();
        return new StartupChecks(services).Validate(null, options);
    }

    sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    sealed class StaticOptions(ObrasQrOptions value) : IOptionsMonitor<ObrasQrOptions>
    {
        public ObrasQrOptions CurrentValue => value;
        public ObrasQrOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<ObrasQrOptions, string?> listener) => null;
    }
}
