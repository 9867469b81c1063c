using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ObrasQr.AzureStorage;

namespace ObrasQr.Tests.Storage;

/// <summary>
/// Azurite, the Azure Storage emulator, from the project's own npm install (package.json, `npm ci`): started once per
/// test run, in memory, on free ports, and stopped when the run ends. Each store made on it gets its own table prefix,
/// so tests never see each other's data. When Azurite is not installed, the first use installs it with `npm ci`;
/// when it cannot be installed or does not start, the tests that need it fail saying why (never skipped).
/// </summary>
public static class Azurite
{
    static readonly Lazy<string> connectionString = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    static Process? process;

    public static string ConnectionString => connectionString.Value;

    /// <summary>A prefix no other store on this Azurite uses (table names: letters and digits, starting with a letter).</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A fresh, empty Azure store on the shared Azurite, its tables and container created.</summary>
    public static AzureStore NewStore()
    {
        var store = new AzureStore(new TableServiceClient(ConnectionString), new BlobServiceClient(ConnectionString), NewPrefix());
        store.EnsureCreatedAsync().GetAwaiter().GetResult();
        return store;
    }

    static string Start()
    {
        var root = RepositoryRoot();
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite");
        EnsureNodeTools(root);
        if (!File.Exists(azurite))
            throw new InvalidOperationException($"Azurite is not installed at {azurite}: run `npm ci` in {root} (Node.js and npm are needed).");

        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(azurite,
            "--silent --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry " +
            $"--blobHost 127.0.0.1 --blobPort {blob} --queueHost 127.0.0.1 --queuePort {queue} --tableHost 127.0.0.1 --tablePort {table}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException($"Azurite did not start: {azurite}");
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(Listening(blob) && Listening(table)))
        {
            if (process.HasExited) throw new InvalidOperationException($"Azurite exited with code {process.ExitCode}: {errors}");
            if (DateTime.UtcNow > deadline) { Stop(); throw new InvalidOperationException($"Azurite did not open its ports within 60 s: {errors}"); }
            Thread.Sleep(100);
        }
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    static void Stop()
    {
        try { if (process is { HasExited: false }) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
    }

    static readonly Lock install = new();

    /// <summary>Runs `npm ci` once when any of the project's npm tools (Azurite, MailDev) is missing, before either starts
    /// (a node_modules from before a tool was added lacks it; npm ci replaces the folder, so nothing may run from it yet).</summary>
    internal static void EnsureNodeTools(string root)
    {
        lock (install)
        {
            string[] tools = ["azurite", "maildev"];
            if (tools.All(t => File.Exists(Path.Combine(root, "node_modules", ".bin", t)))) return;
            Run("npm", "ci --no-audit --no-fund", root, TimeSpan.FromMinutes(5));
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "package-lock.json")) && File.Exists(Path.Combine(dir.FullName, "ObrasQr.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No repository root (package-lock.json beside ObrasQr.sln) above {AppContext.BaseDirectory}.");
    }

    static void Run(string file, string arguments, string directory, TimeSpan timeout)
    {
        try
        {
            using var run = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true });
            if (run is null) return;
            run.StandardOutput.ReadToEndAsync();
            run.StandardError.ReadToEndAsync();
            if (!run.WaitForExit(timeout)) run.Kill(entireProcessTree: true);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // npm is missing: the caller's message says what to install.
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static bool Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
