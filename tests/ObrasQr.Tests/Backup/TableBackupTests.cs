using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Auth;
using ObrasQr.AzureStorage;
using ObrasQr.AzureStorage.Backup;
using ObrasQr.Server;
using ObrasQr.Tests.Staff;
using ObrasQr.Tests.Storage;
using Xunit.Abstractions;

namespace ObrasQr.Tests.Backup;

/// <summary>
/// The nightly table backup and `restore-azure`, on Azurite. Azure only: the self-hosted server on SQLite is backed up
/// by copying its database and folder (docs/operations.md). A "fresh account" is a new table and container prefix on
/// the shared Azurite, which no other store uses.
/// </summary>
public sealed class TableBackupTests(ITestOutputHelper log)
{
    const string Work = "CO1.PCCNTR.5361557";
    static readonly string IdentityKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>A server on its own prefix; both servers share the identity key, as a restored installation keeps its Key Vault.</summary>
    static ObrasQrFactory Server(string prefix) => new(StoreKind.Azure)
    {
        Settings =
        {
            ["ObrasQr:Storage:Prefix"] = prefix,
            ["ObrasQr:Reports:IdentityKeys:0:Id"] = "k1",
            ["ObrasQr:Reports:IdentityKeys:0:Key"] = IdentityKey,
        },
    };

    internal static IConfiguration Target(string prefix) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ObrasQr:Store"] = "azure",
        ["ObrasQr:Storage:Tables:connectionString"] = Azurite.ConnectionString,
        ["ObrasQr:Storage:Blobs:connectionString"] = Azurite.ConnectionString,
        ["ObrasQr:Storage:Prefix"] = prefix,
    }).Build();

    async Task<(int Exit, string Output, string Error)> Restore(string targetPrefix, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await RestoreCommand.RunAsync(["restore-azure", .. args], Target(targetPrefix), output, error);
        log.WriteLine(output.ToString());
        log.WriteLine(error.ToString());
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_store_restored_into_a_fresh_account_serves_the_same_pages_reports_and_staff()
    {
        var (source, fresh) = (Azurite.NewPrefix(), Azurite.NewPrefix());
        var marker = Reports.ReportKit.Unique("Reporte con identidad antes de la copia.");
        string code, reportId, manifestRun, status;
        byte[] page;
        string contract;
        using (var before = Server(source))
        {
            before.Settings["ObrasQr:Reports:MaxPerClientPerHour"] = "0";
            var office = before.ClientWithKey(ObrasQrFactory.OfficeKey);
            Assert.Equal(HttpStatusCode.Created, (await office.PostAsJsonAsync($"/api/contracts/{Work}/avances",
                new { date = ColombiaTime.Today(TimeProvider.System).AddDays(-1).ToString("yyyy-MM-dd"), percent = 35, note = "Avance antes de la copia.",
                    location = new { lat = 10.42, lon = -75.54 } })).StatusCode);
            var filed = await before.CreateClient().PostAsJsonAsync($"/api/contracts/{Work}/reports", new
            {
                category = "otro", description = marker, anonymous = false,
                reporter = new { name = "Rosalba Quintero", email = "rosalba@example.co", consent = true },
            });
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            code = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString()!;
            status = await LookUp(before.CreateClient(), code);
            reportId = (await Reports.ReportKit.FindAsAuditor(before, marker)).GetProperty("reportId").GetString()!;
            await DeskSession.AccountAsync(before, "ana@alcaldia.gov.co", Roles.Admin);
            page = await before.CreateClient().GetByteArrayAsync($"/o/{Work}");
            contract = await before.CreateClient().GetStringAsync($"/api/contracts/{Work}");

            var manifest = await before.Service<TableBackup>().RunAsync();
            manifestRun = manifest.Run;
            Assert.Equal(AzureStore.TableNames, manifest.Tables.Select(t => t.Name));
            Assert.True(manifest.Tables.Single(t => t.Name == AzureStore.Contracts).Rows > 0);
        }

        var restored = await Restore(fresh, manifestRun, "--from-prefix", source);

        Assert.Equal(RestoreCommand.Done, restored.Exit);
        Assert.Contains("Listo / done", restored.Output);
        using var after = Server(fresh);
        // Byte for byte, nothing normalised: the page holds no render time, instance or request id that could differ.
        Assert.Equal(page, await after.CreateClient().GetByteArrayAsync($"/o/{Work}"));
        Assert.Equal(contract, await after.CreateClient().GetStringAsync($"/api/contracts/{Work}"));
        Assert.Equal(status, await LookUp(after.CreateClient(), code));
        var detail = await after.ClientWithKey(ObrasQrFactory.AuditorKey).GetFromJsonAsync<JsonElement>($"/api/reports/{reportId}");
        Assert.Equal("Rosalba Quintero", detail.GetProperty("reporter").GetProperty("name").GetString()); // the same key opens it
        var signIn = await new DeskSession(after).SignInAsync("ana@alcaldia.gov.co");
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/escritorio", signIn.Headers.Location?.OriginalString);
    }

    [Theory, InlineData(StoreKind.Azure, 1), InlineData(StoreKind.Sqlite, 0)]
    public void The_server_schedules_the_table_backup_on_the_azure_store_only(StoreKind store, int schedulers)
    {
        using var server = new ObrasQrFactory(store);

        Assert.Equal(schedulers, server.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<BackupScheduler>().Count());
    }

    /// <summary>The follow-up's answer (status, dates, deadline), as text to compare whole.</summary>
    static async Task<string> LookUp(HttpClient client, string code)
    {
        var found = await client.PostAsJsonAsync("/api/reports/lookup", new { trackingCode = code });
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        return await found.Content.ReadAsStringAsync();
    }
}
