using Microsoft.Extensions.DependencyInjection;
using ObrasQr.AzureStorage;
using ObrasQr.Contracts;
using ObrasQr.Secop;

namespace ObrasQr.Tests.TwoInstances;

public sealed partial class TwoInstancesTests
{
    [Fact]
    public async Task An_import_whose_instance_is_killed_midway_is_finished_by_the_other_with_exact_counts_and_one_version_per_contract()
    {
        // The 20,000 rows. They fit in CI since patches/azurite+3.37.0.patch: before it, each of Azurite's point
        // reads went through every contract's "current" row, and the survivor did not finish within 30 minutes.
        const int Rows = 20_000;
        var (path, accepted) = await LargeImport.WriteAsync(Rows);
        try
        {
            using var services = servers.Store();
            var store = services.GetRequiredService<AzureStore>();
            var exportId = await LargeImport.UploadAsync(servers.A.ClientWithKey(ObrasQrFactory.OfficeKey), path);

            // Either instance's worker may have taken the job from the queue: the one holding its lease is killed.
            var (holder, done) = await LargeImport.CheckpointedAsync(store, exportId, TimeSpan.FromMinutes(2));
            var (killed, survivor) = holder.Contains($"/{servers.A.Id}/") ? (servers.A, servers.B) : (servers.B, servers.A);
            Assert.Contains($"/{killed.Id}/", holder);
            killed.Kill();
            // Still the dead worker's job, half done: only a takeover can finish it.
            var left = await LargeImport.LeaseAsync(store, exportId);
            Assert.True(left is { } l && l.Holder == holder && l.Rows < Rows, $"The import ended before its instance was killed ({done} rows done).");

            // Its lease expires (JobRunner.LeaseTime), the survivor queues the abandoned job again (JobRunner.AbandonedEvery)
            // and resumes it: within the two minutes the deployment promises (70 s measured alone).
            Assert.True(await LargeImport.TakenOverAsync(store, exportId, holder, TimeSpan.FromMinutes(2)),
                $"{survivor.Name} did not take the job over within two minutes.\n{survivor.Output}");
            // The rest of the import takes what this machine takes (1,000 rows a batch, each contract its own partition):
            // 19,000 rows in about 70 s alone on this project's 2-core machine (2026-12-07).
            var export = await LargeImport.FinishedAsync(survivor.ClientWithKey(ObrasQrFactory.OfficeKey), exportId, TimeSpan.FromMinutes(30));
            Assert.True(export.GetProperty("status").GetString() is ExportStatus.Imported or ExportStatus.ImportedWithWarnings,
                $"The export ended {export}, its job {await LargeImport.LeaseAsync(store, exportId)}\n{survivor.Output}");
            var counts = export.GetProperty("counts");
            int Count(string name) => counts.GetProperty(name).GetInt32();
            // The counts of one uninterrupted run: every row the importer accepts is new, every other refused.
            Assert.Equal((accepted.Count, 0, 0, Rows - accepted.Count, 0, 0),
                (Count("new"), Count("changed"), Count("unchanged"), Count("rejected"), Count("outdated"), Count("duplicates")));
            var heads = await LargeImport.HeadsAsync(services.GetRequiredService<IContractStore>(), accepted);
            Assert.Equal(accepted.Count, heads.Count);
            Assert.All(heads, h => Assert.Equal((1, $"export:{exportId}"), (h.Value.Number, h.Value.Source)));
        }
        finally { File.Delete(path); }
    }
}
