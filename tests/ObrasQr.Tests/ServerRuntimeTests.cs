using System.Text.Json;

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
}
