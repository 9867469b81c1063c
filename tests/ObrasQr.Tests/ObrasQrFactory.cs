using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Auth;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests;

/// <summary>The two stores every end-to-end test runs on.</summary>
public enum StoreKind { Sqlite, Azure }

/// <summary>
/// The real server (HTTP pipeline, demo exports, one key per role) on a fresh store: SQLite in its own data directory,
/// or the Azure Table + Blob store on the shared Azurite under its own table prefix. Test classes take
/// <see cref="OnSqlite"/> and <see cref="OnAzure"/> as fixtures through two nested classes, so each test runs on both.
/// </summary>
public class ObrasQrFactory(StoreKind store = StoreKind.Sqlite) : WebApplicationFactory<Program>
{
    public sealed class OnSqlite() : ObrasQrFactory(StoreKind.Sqlite);
    public sealed class OnAzure() : ObrasQrFactory(StoreKind.Azure);

    public StoreKind Store => store;

    public const string AuditorKey = "test-auditor-key-7f3a";
    public const string OfficeKey = "test-office-key-19c2";
    public const string PublicBaseUrl = "https://obras.cartagena.gov.co";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "obrasqr-tests", Guid.NewGuid().ToString("N"));

    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Pins "today" for tests whose figures depend on the date (countdowns, overdue days).</summary>
    public TimeProvider? Clock { get; init; }
    /// <summary>Requests carry their peer's address in the header X-Test-Peer (the test server has no network peer).</summary>
    public bool PeerFromHeader { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ObrasQr:DataDirectory"] = DataDirectory,
            ["ObrasQr:PublicBaseUrl"] = PublicBaseUrl,
            ["ObrasQr:SeedDemoData"] = "true",
            // The demo's publisher, as the server's appsettings.Development.json names it (no code default names anyone).
            ["ObrasQr:Trust:EntityName"] = "Alcaldía Mayor de Cartagena de Indias D. T. y C.",
            ["ObrasQr:Trust:EntityNit"] = "890480184-4",
            ["ObrasQr:Trust:OfficeName"] = "Oficina de Control Interno",
            ["ObrasQr:Trust:Email"] = "atencionciudadana@cartagena.gov.co",
            ["ObrasQr:Trust:Address"] = "Plaza de la Aduana, Diagonal 30 n.º 30-78, Cartagena de Indias, Bolívar",
            ["ObrasQr:Auth:Keys:0:Name"] = "control-interno",
            ["ObrasQr:Auth:Keys:0:Role"] = Roles.Auditor,
            ["ObrasQr:Auth:Keys:0:Sha256"] = ApiKeys.Digest(AuditorKey),
            ["ObrasQr:Auth:Keys:1:Name"] = "oficina-contratacion",
            ["ObrasQr:Auth:Keys:1:Role"] = Roles.Office,
            ["ObrasQr:Auth:Keys:1:Sha256"] = ApiKeys.Digest(OfficeKey),
        };
        if (store == StoreKind.Azure)
        {
            settings["ObrasQr:Store"] = "azure";
            settings["ObrasQr:Storage:Tables:connectionString"] = Azurite.ConnectionString;
            settings["ObrasQr:Storage:Blobs:connectionString"] = Azurite.ConnectionString;
            settings["ObrasQr:Storage:Queues:connectionString"] = Azurite.ConnectionString;
            settings["ObrasQr:Storage:Prefix"] = Azurite.NewPrefix();
        }
        // A null value takes the setting away, as a server started without it.
        foreach (var (key, value) in Settings)
            if (value is null) settings.Remove(key);
            else settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (Clock is not null) builder.ConfigureTestServices(services => services.AddSingleton(Clock));
        if (PeerFromHeader) builder.ConfigureTestServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestPeer>());
    }

    public HttpClient ClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>"Sync now" through the API as staff use it: posts, checks the 202 and its status address, follows that
    /// address until the run is done (the server's job worker runs it) and returns what the run did (its "run").</summary>
    public static async Task<JsonElement> SyncNowAsync(HttpClient office)
    {
        var posted = await office.PostAsync("/api/sync", null);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var accepted = await posted.Content.ReadFromJsonAsync<JsonElement>();
        var statusUrl = $"/api/sync/{accepted.GetProperty("runId").GetString()}";
        Assert.Equal(statusUrl, posted.Headers.Location?.OriginalString);
        Assert.Equal(statusUrl, accepted.GetProperty("statusUrl").GetString());
        var finished = await FinishedSyncAsync(office, statusUrl);
        Assert.Equal("done", finished.GetProperty("status").GetString());
        return finished.GetProperty("run");
    }

    /// <summary>The run's status once done or failed; polls (the run is a queued job) until a deadline that only a
    /// stuck run reaches.</summary>
    public static async Task<JsonElement> FinishedSyncAsync(HttpClient office, string statusUrl)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var status = await office.GetFromJsonAsync<JsonElement>(statusUrl);
            if (status.GetProperty("status").GetString() is "done" or "failed") return status;
            Assert.True(DateTime.UtcNow < deadline, $"The sync run {statusUrl} is still {status.GetProperty("status").GetString()}.");
            await Task.Delay(50);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A clock that stays where a test puts it.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;

    /// <summary>Noon in Colombia on the given day.</summary>
    public static ManualClock AtNoonInColombia(int year, int month, int day) => new(new DateTimeOffset(year, month, day, 12, 0, 0, ColombiaTime.Offset));
}

public static class TestData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static string DemoExport(string name = "secop-demo.csv") =>
        Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "ObrasQr", "Secop", "Demo", name);
}

/// <summary>Sets the connection's peer address from the header X-Test-Peer, before anything reads it.</summary>
sealed class TestPeer : IStartupFilter
{
    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        Microsoft.AspNetCore.Builder.UseExtensions.Use(app, (context, then) =>
        {
            if (System.Net.IPAddress.TryParse(context.Request.Headers["X-Test-Peer"].ToString(), out var peer)) context.Connection.RemoteIpAddress = peer;
            return then(context);
        });
        next(app);
    };
}
