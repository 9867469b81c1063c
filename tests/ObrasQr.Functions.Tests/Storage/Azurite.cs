using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ObrasQr.Functions.Storage;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Functions.Tests.Storage;

/// <summary>
/// Azurite, in memory, on free ports, for the whole test run (`npx azurite`, from `npm install azurite`). When it is
/// not installed the store tests are skipped with that reason (StoreFactAttribute); when it is installed but does
/// not start, they fail saying why.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    Process? process;
    string? failure;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (AzuriteInstall.Missing is not null) return; // the tests are skipped

        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo("npx", $"--no-install azurite --silent --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry " +
            $"--blobHost 127.0.0.1 --blobPort {blob} --queueHost 127.0.0.1 --queuePort {queue} --tableHost 127.0.0.1 --tablePort {table}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            failure = $"Azurite could not start: 'npx' is not available ({e.Message}). Install Node.js, then `npm install -g azurite`.";
            return;
        }
        process!.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // The first run may download Azurite from the npm registry: allow for it.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!(await Listening(blob) && await Listening(table)))
        {
            if (process.HasExited) { failure = $"Azurite exited with code {process.ExitCode}. Try `npx --yes azurite` by hand."; return; }
            if (DateTime.UtcNow > deadline) { failure = "Azurite did not open its ports within 120 s."; return; }
            await Task.Delay(200);
        }
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    /// <summary>A fresh, empty store: its own prefix for tables and container on the shared Azurite.</summary>
    public AzureStore NewStore()
    {
        if (failure is not null) Assert.Fail(failure);
        var store = new AzureStore(new TableServiceClient(ConnectionString), new BlobServiceClient(ConnectionString),
            "t" + Guid.NewGuid().ToString("N")[..12]);
        store.EnsureCreatedAsync().GetAwaiter().GetResult();
        return store;
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.Dispose();
        return Task.CompletedTask;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static async Task<bool> Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Azurite>
{
    public const string Name = "Azurite";
}
