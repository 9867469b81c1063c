using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ObrasQr.Tests;

/// <summary>How the self-hosted server's runtime is configured, read from what the build wrote for it.</summary>
public sealed class ServerRuntimeTests
{
    [Fact]
    public void The_server_runs_the_garbage_collector_its_project_chose()
    {
        // A misspelt MSBuild property is silently ignored: one was, and the project claimed workstation GC while the
        // server ran Server GC. Server GC is the measured choice (ObrasQr.Server.csproj).
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ObrasQr.Server.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
    }

    [Fact]
    public void The_server_reads_its_settings_files_once_and_watches_no_folder()
    {
        // Reloading on change watches the content root's whole tree (the data folder's photos included) before the
        // server listens: a second or more of a cold start (bench/cold-start).
        using var factory = new ObrasQrFactory();

        var files = ((IConfigurationRoot)factory.Services.GetRequiredService<IConfiguration>()).Providers.OfType<FileConfigurationProvider>().ToList();

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, f.Source.Path));
    }
}
