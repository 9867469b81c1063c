using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ObrasQr.Tests.Security;

/// <summary>
/// A deployment names who publishes it: Production refuses to start without the publisher's settings, and says so as an
/// operator reads it, one Spanish line per setting on standard error and exit code 1, never a stack trace.
/// </summary>
public sealed class ProductionStartTests
{
    static readonly string[] PublisherSettings =
        ["ObrasQr__Trust__EntityName", "ObrasQr__Trust__EntityNit", "ObrasQr__Trust__OfficeName", "ObrasQr__Trust__Email"];

    static ObrasQrOptions Deployable()
    {
        var options = new ObrasQrOptions { PublicBaseUrl = "https://obras.ejemplo.gov.co" };
        options.Reports.IdentityKeys.Add(new IdentityKeyOptions { Id = "k1", Key = Convert.ToBase64String(new byte[32]) });
        options.Trust = new() { EntityName = "Alcaldía de Ejemplo", EntityNit = "800000000-1", OfficeName = "Control Interno", Email = "control@ejemplo.gov.co" };
        return options;
    }

    static ValidateOptionsResult CheckInProduction(ObrasQrOptions options)
    {
        var services = new ServiceCollection()
            .AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = Environments.Production })
            .BuildServiceProvider();
        return new StartupChecks(services).Validate(null, options);
    }

    [Fact]
    public void Production_starts_with_a_named_publisher_and_office()
    {
        Assert.True(CheckInProduction(Deployable()).Succeeded);
    }

    [Fact]
    public void Production_names_each_missing_publisher_setting_once()
    {
        var options = Deployable();
        options.Trust = new();

        var failures = CheckInProduction(options).Failures!.ToList();

        Assert.Equal(PublisherSettings.Length, failures.Count);
        foreach (var setting in PublisherSettings)
            Assert.Single(failures, f => f.StartsWith(setting + " es obligatoria en producción", StringComparison.Ordinal));
    }

    [Fact]
    public void Production_refuses_an_office_email_that_is_not_an_address()
    {
        var options = Deployable();
        options.Trust.Email = "control interno";

        Assert.StartsWith("ObrasQr__Trust__Email no es una dirección de correo", Assert.Single(CheckInProduction(options).Failures!));
    }

    [Fact]
    public void The_code_names_no_publisher_of_its_own()
    {
        var trust = new TrustOptions();

        Assert.Equal("", trust.EntityName + trust.EntityNit + trust.OfficeName + trust.Email + trust.Address);
    }

    [Fact]
    public async Task The_production_server_without_its_settings_writes_one_Spanish_line_per_setting_and_exits_with_1()
    {
        var (exitCode, output, errors) = await RunServerAsync(Environments.Production);

        Assert.Equal(1, exitCode);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] expected = ["ObrasQr__PublicBaseUrl", "ObrasQr__Reports__IdentityKeys__0__Id", .. PublisherSettings];
        Assert.Equal(expected.Length, lines.Length);
        foreach (var setting in expected)
            Assert.Single(lines, l => l.StartsWith(setting + " ", StringComparison.Ordinal) && l.Contains("obligatoria"));
        Assert.DoesNotContain("Exception", output + errors);
        Assert.DoesNotContain(" at ", output + errors);
    }

    /// <summary>The real server process as an operator starts it, from the build output (its appsettings.json), with no
    /// ObrasQr__* setting but the data directory and the given ones. WebApplicationFactory is not used: the refusal is
    /// what the process writes and returns.</summary>
    internal static async Task<(int ExitCode, string Output, string Errors)> RunServerAsync(string environment, params (string Name, string Value)[] settings)
    {
        var data = Path.Combine(Path.GetTempPath(), "obrasqr-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ObrasQr.Server.dll") },
            WorkingDirectory = AppContext.BaseDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ObrasQr", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ObrasQr__DataDirectory"] = data;
        foreach (var (name, value) in settings) start.Environment[name] = value;
        using var server = Process.Start(start)!;
        var output = server.StandardOutput.ReadToEndAsync();
        var errors = server.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try { await server.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { server.Kill(entireProcessTree: true); }
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        Assert.True(server.HasExited, "The server should have refused to start.");
        return (server.ExitCode, await output, await errors);
    }
}
