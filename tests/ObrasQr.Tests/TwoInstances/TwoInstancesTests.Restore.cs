using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.AzureStorage.Backup;
using ObrasQr.Pages;
using ObrasQr.Server;
using ObrasQr.Tests.Storage;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.TwoInstances;

public sealed partial class TwoInstancesTests
{
    [Fact]
    public async Task A_restore_of_the_nightly_backup_into_a_fresh_store_serves_on_two_instances_the_pages_and_reports_of_the_original()
    {
        var before = await CountOnPageAsync(servers.A);
        var filed = await servers.B.Client.PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "obra_paralizada", description = Unique("Obra detenida desde hace un mes") });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var code = (await filed.Json()).GetProperty("trackingCode").GetString();
        var page = await PageCountingAsync(servers.A, before + 1);
        var contract = await servers.A.Client.GetStringAsync($"/api/contracts/{ContractId}");
        var report = await LookupAsync(servers.A, code);
        string run;
        using (var services = servers.Store()) run = (await services.GetRequiredService<TableBackup>().RunAsync()).Run;

        var restored = TwoServers.On(Azurite.NewPrefix());
        try
        {
            var (exit, said) = await ServerProcess.RunCommandAsync(restored.Settings,
                "restore-azure", run, "--from-prefix", servers.Settings["ObrasQr__Storage__Prefix"]);
            Assert.True(exit == RestoreCommand.Done, $"restore-azure ended with {exit}:\n{said}");
            await restored.InitializeAsync();

            foreach (var server in new[] { restored.A, restored.B })
            {
                Assert.Equal(page, await server.Client.GetStringAsync($"/o/{ContractId}"));
                Assert.Equal(contract, await server.Client.GetStringAsync($"/api/contracts/{ContractId}"));
                Assert.Equal(report, await LookupAsync(server, code));
            }
        }
        finally { await restored.DisposeAsync(); }
    }

    /// <summary>The contract's page once it counts <paramref name="reports"/> (the instance may keep its page for up to
    /// the cache's freshness), as served.</summary>
    static async Task<string> PageCountingAsync(ServerProcess server, int reports)
    {
        var deadline = DateTime.UtcNow + ContractPageCache.Freshness + TimeSpan.FromSeconds(20);
        while (await CountOnPageAsync(server) != reports && DateTime.UtcNow < deadline) await Task.Delay(500);
        Assert.Equal(reports, await CountOnPageAsync(server));
        return await server.Client.GetStringAsync($"/o/{ContractId}");
    }

    static async Task<string> LookupAsync(ServerProcess server, string? trackingCode)
    {
        var lookup = await server.Client.PostAsJsonAsync("/api/reports/lookup", new { trackingCode });
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        return await lookup.Content.ReadAsStringAsync();
    }
}
