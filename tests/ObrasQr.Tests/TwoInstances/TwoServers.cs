using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Auth;
using ObrasQr.AzureStorage;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.TwoInstances;

/// <summary>
/// Two real server processes on one Azure store (one Azurite, the same table, blob and queue prefix), as two Flex
/// instances of one deployment: A starts first and seeds the demo data, then B starts on the data A left.
/// </summary>
public sealed class TwoServers : IAsyncLifetime
{
    public ServerProcess A { get; }
    public ServerProcess B { get; }
    /// <summary>The deployment's settings, as both processes have them in their environment.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public TwoServers() : this(Azurite.NewPrefix()) { }

    TwoServers(string prefix)
    {
        var settings = new Dictionary<string, string>
        {
            ["ObrasQr__Store"] = "azure",
            ["ObrasQr__Storage__Tables__connectionString"] = Azurite.ConnectionString,
            ["ObrasQr__Storage__Blobs__connectionString"] = Azurite.ConnectionString,
            ["ObrasQr__Storage__Queues__connectionString"] = Azurite.ConnectionString,
            ["ObrasQr__Storage__Prefix"] = prefix,
            ["ObrasQr__DataDirectory"] = Path.Combine(Path.GetTempPath(), "obrasqr-tests", Guid.NewGuid().ToString("N")),
            ["ObrasQr__PublicBaseUrl"] = ObrasQrFactory.PublicBaseUrl,
            ["ObrasQr__SeedDemoData"] = "true",
            ["ObrasQr__Trust__EntityName"] = "Alcaldía Mayor de Cartagena de Indias D. T. y C.",
            ["ObrasQr__Trust__EntityNit"] = "890480184-4",
            ["ObrasQr__Trust__OfficeName"] = "Oficina de Control Interno",
            ["ObrasQr__Trust__Email"] = "atencionciudadana@cartagena.gov.co",
            // One identity key for the deployment: either instance reads what the other encrypted.
            ["ObrasQr__Reports__IdentityKeys__0__Id"] = "k1",
            ["ObrasQr__Reports__IdentityKeys__0__Key"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            // Not every storage request at Information: megabytes a minute to the test's pipes slow both instances.
            ["Logging__LogLevel__Azure"] = "Warning",
            // Every request of a test comes from one client address.
            ["ObrasQr__Reports__MaxPerClientPerHour"] = "0",
            ["ObrasQr__Reports__MaxPerClientPerMinute"] = "0",
            ["ObrasQr__Reports__MaxLookupsPerClientPerMinute"] = "0",
            ["ObrasQr__Auth__Keys__0__Name"] = "control-interno",
            ["ObrasQr__Auth__Keys__0__Role"] = Roles.Auditor,
            ["ObrasQr__Auth__Keys__0__Sha256"] = ApiKeys.Digest(ObrasQrFactory.AuditorKey),
            ["ObrasQr__Auth__Keys__1__Name"] = "oficina-contratacion",
            ["ObrasQr__Auth__Keys__1__Role"] = Roles.Office,
            ["ObrasQr__Auth__Keys__1__Sha256"] = ApiKeys.Digest(ObrasQrFactory.OfficeKey),
        };
        Settings = settings;
        A = new ServerProcess("A", settings);
        B = new ServerProcess("B", settings);
    }

    /// <summary>The same deployment moved to the store under <paramref name="prefix"/> of the same Azurite (a restored
    /// backup): it seeds only an empty store, so it serves what is there.</summary>
    public static TwoServers On(string prefix) => new(prefix);

    public Task InitializeAsync() => BothRunningAsync();

    /// <summary>Starts again an instance a test killed, A first when both are down (it seeds an empty store).</summary>
    public async Task BothRunningAsync()
    {
        if (!A.Running) await A.StartAsync();
        if (!B.Running) await B.StartAsync();
    }

    /// <summary>The store's ports on the deployment's account and prefix, as a third reader beside the two instances.</summary>
    public ServiceProvider Store() => new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
        .AddAzureStore(new ConfigurationBuilder()
            .AddInMemoryCollection(Settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":"), (string?)s.Value))).Build())
        .BuildServiceProvider();

    public Task DisposeAsync()
    {
        A.Dispose();
        B.Dispose();
        return Task.CompletedTask;
    }
}
