using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using ObrasQr.AzureStorage;
using ObrasQr.AzureStorage.Migrations;
using ObrasQr.Secop;
using ObrasQr.Staff;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Functions.Tests.Storage;

/// <summary>Uploads and the staff log stored the old way (one partition each), moved to their keys per entity.</summary>
public sealed class PerEntityMigrationTests
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    static SecopExport Export(string id, DateTimeOffset at, string? entityNit) => new()
    {
        ExportId = id, FileName = "secop.csv", ContentType = "text/csv", Size = 10, FilePath = $"exports/{id}", UploadedAt = at,
        UploadedBy = "oficina", EntityNit = entityNit,
    };

    /// <summary>A row as the store wrote it before: partition "exports", RowKey the export id.</summary>
    static TableEntity OldExportRow(SecopExport export)
    {
        var row = new TableEntity("exports", export.ExportId)
        {
            ["Status"] = export.Status,
            ["UploadedAt"] = export.UploadedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["EntityNit"] = export.EntityNit,
        };
        EntityJson.Write(row, JsonSerializer.Serialize(export, Json));
        return row;
    }

    [Fact]
    public async Task Uploads_kept_in_one_partition_move_to_their_entitys_and_a_second_run_writes_nothing()
    {
        var store = Azurite.NewStore();
        var table = store.Table(AzureStore.Exports);
        var imported = Export("e1", T0, "890480184") with { Status = ExportStatus.Imported, ImportedAt = T0.AddMinutes(1) };
        await table.AddEntityAsync(OldExportRow(imported));
        await table.AddEntityAsync(OldExportRow(Export("e2", T0.AddMinutes(5), null)));
        await table.AddEntityAsync(OldExportRow(Export("e3", T0.AddMinutes(10), "890480184")));

        Assert.Equal(3 + 4 + 4, await ExportsPerEntityMigration.RunAsync(store, CancellationToken.None));   // a pending one has 4 rows
        Assert.Equal(0, await ExportsPerEntityMigration.RunAsync(store, CancellationToken.None));

        var exports = new AzureExportStore(store);
        Assert.Equal(["e3", "e1"], (await exports.ListAsync("890480184", 0, 10)).Select(e => e.ExportId));
        Assert.Equal(["e3", "e2", "e1"], (await exports.ListAsync(null, 0, 10)).Select(e => e.ExportId));
        Assert.Equal(["e2", "e3"], (await exports.ListPendingAsync()).Select(e => e.ExportId));
        Assert.Equal(ExportStatus.Imported, (await exports.FindAsync("e1"))?.Status);
        Assert.Empty(await Partition(table, "exports"));
        Assert.Equal(["e3", "e1"], (await Partition(table, "e_890480184")).Select(r => JsonSerializer.Deserialize<SecopExport>(EntityJson.Read(r), Json)!.ExportId));
    }

    [Fact]
    public async Task The_staff_log_in_one_partition_moves_to_the_whole_log_and_each_accounts_entity_and_a_second_run_writes_nothing()
    {
        var store = Azurite.NewStore();
        var staff = new AzureStaffStore(store);
        await staff.AddAsync(new StaffMember("s-beto", "Beto Gómez", "beto@x.co", "oficina", "890480184", Disabled: false, PasswordHash: "hash"));
        await staff.AddAsync(new StaffMember("s-dora", "Dora Ruiz", "dora@x.co", "admin", null, Disabled: false, PasswordHash: "hash"));
        var table = store.Table(AzureStore.StaffChanges);
        // Lines as the store wrote them before: partition "log", newest first, without the account's entity.
        foreach (var (minute, email, what) in new[] { (0, "Beto@x.co", "beto 1"), (1, "dora@x.co", "dora"), (2, "ida@x.co", "cuenta que ya no existe"), (3, "beto@x.co", "beto 2") })
        {
            var at = T0.AddMinutes(minute);
            var row = new TableEntity("log", TableKeys.NewestFirst(at) + "_" + Guid.NewGuid().ToString("N"));
            EntityJson.Write(row, JsonSerializer.Serialize(new { at, by = "Ana Pérez", memberEmail = email, what }, Json));
            await table.AddEntityAsync(row);
        }

        Assert.Equal(4 + 2, await StaffLogPerEntityMigration.RunAsync(store, CancellationToken.None));
        Assert.Equal(0, await StaffLogPerEntityMigration.RunAsync(store, CancellationToken.None));

        Assert.Equal(["beto 2", "cuenta que ya no existe", "dora", "beto 1"], (await staff.ChangesAsync(10)).Select(c => c.What));
        var beto = await staff.ChangesAsync(10, "890480184");
        Assert.Equal(["beto 2", "beto 1"], beto.Select(c => c.What));
        Assert.All(beto, c => Assert.Equal("890480184", c.EntityNit));
        Assert.Empty(await Partition(table, "log"));
    }

    static async Task<List<TableEntity>> Partition(TableClient table, string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
            rows.Add(row);
        return rows;
    }
}
