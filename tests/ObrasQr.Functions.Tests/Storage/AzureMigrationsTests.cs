using System.Reflection;
using ObrasQr.AzureStorage;
using ObrasQr.AzureStorage.Migrations;
using ObrasQr.Contracts;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Functions.Tests.Storage;

/// <summary>The one runner an operator calls after an upgrade (`ObrasQr.Server migrate-azure`).</summary>
public sealed class AzureMigrationsTests
{
    [Fact]
    public void Every_migration_of_the_store_is_in_the_runner()
    {
        var migrations = typeof(AzureMigrations).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(AzureMigrations).Namespace && t.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static) is not null)
            .Select(t => t.Name).Order();
        var inRunner = AzureMigrations.All.Select(m => m.RunAsync.Method.DeclaringType!.Name).Order();

        Assert.Equal(migrations, inRunner);
    }

    [Fact]
    public async Task Running_every_migration_twice_says_what_each_did_and_the_second_run_changes_nothing()
    {
        var store = Azurite.NewStore();
        var work = new Contract { ContractId = "CO1.PCCNTR.1", EntityNit = "890480184", Value = 1_000_000, Status = "En ejecución", Type = "Obra", Object = "Andenes" };
        var contracts = new AzureContractStore(store);
        await contracts.AddVersionAsync(ContractVersion.First(work, DateTimeOffset.UtcNow, "test"));

        await AzureMigrations.RunAllAsync(store, new StringWriter(), CancellationToken.None);
        var listed = (await contracts.ListByEntityAsync("890480184", publishedOnly: true, null, 10)).Select(v => v.ContractId).ToList();
        var second = new StringWriter();
        await AzureMigrations.RunAllAsync(store, second, CancellationToken.None);

        // The works index is rebuilt with upserts of the same rows (it also repairs one a crash left behind); every
        // other migration finds nothing to move.
        foreach (var migration in AzureMigrations.All.Where(m => m.Name != "works-index"))
            Assert.Contains($"{migration.Name} ({migration.Description}): 0 filas escritas.", second.ToString());
        Assert.Equal(["CO1.PCCNTR.1"], listed);
        Assert.Equal(listed, (await contracts.ListByEntityAsync("890480184", publishedOnly: true, null, 10)).Select(v => v.ContractId));
    }
}
