using System.Diagnostics;
using System.Text;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.TwoInstances;

/// <summary>
/// One real server process, as an operator starts it (`dotnet ObrasQr.Server.dll` from the test's build output), on
/// its own free port. Ready once it has printed that it listens (after its start-up work: the tables, the demo data).
/// Kill is kill -9: no shutdown, no lease released, as when Flex removes an instance.
/// </summary>
public sealed class ServerProcess(string name, IReadOnlyDictionary<string, string> settings) : IDisposable
{
    static readonly TimeSpan StartTime = TimeSpan.FromMinutes(2);
    readonly StringBuilder output = new();
    Process? process;

    public string Name => name;
    public HttpClient Client { get; private set; } = new();
    public bool Running => process is { HasExited: false };
    /// <summary>The process id, which this instance's job leases name (JobRunner.Holder).</summary>
    public int Id => process?.Id ?? 0;
    /// <summary>What the process wrote, for a failing test's message.</summary>
    public string Output { get { lock (output) return output.ToString(); } }

    public HttpClient ClientWithKey(string key)
    {
        var client = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    public async Task StartAsync()
    {
        var port = Azurite.FreePort();
        var start = StartInfo(settings);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            lock (output) output.AppendLine($"[{name}] {e.Data}");
            if (e.Data?.Contains("ObrasQr está listo", StringComparison.Ordinal) == true) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine($"[{name} err] {e.Data}"); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(StartTime));
        if (first != ready.Task)
        {
            Kill();
            throw new InvalidOperationException($"Server {name} did not start within {StartTime}:\n{Output}");
        }
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>`dotnet ObrasQr.Server.dll ARGS` with the deployment's settings and nothing of the test run's own
    /// environment, as an operator runs it.</summary>
    static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ObrasQr.Server.dll") },
            WorkingDirectory = AppContext.BaseDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ObrasQr", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings) start.Environment[key] = value;
        return start;
    }

    /// <summary>A command of the server (`restore-azure ...`) run to its end: its exit code and what it wrote.</summary>
    public static async Task<(int Exit, string Output)> RunCommandAsync(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        using var command = Process.Start(StartInfo(settings, args))!;
        var output = command.StandardOutput.ReadToEndAsync();
        var error = command.StandardError.ReadToEndAsync();
        try { await command.WaitForExitAsync().WaitAsync(StartTime); }
        catch (TimeoutException)
        {
            command.Kill(entireProcessTree: true);
            throw;
        }
        return (command.ExitCode, await output + await error);
    }

    /// <summary>SIGKILL on Linux: the process ends at once, its work half done.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        process?.Dispose();
        Client.Dispose();
    }
}
