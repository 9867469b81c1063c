using System.Text;
using Azure.Data.Tables;
using Microsoft.Data.Sqlite;
using ObrasQr.AzureStorage;
using ObrasQr.Storage;

namespace ObrasQr.Tests;

/// <summary>
/// What a server's store holds, read around the application, the way someone with a copy of the database or the
/// storage account would: for tests that the right things are stored, apart, and nothing else. Works on both stores:
/// SQLite rows (every column) and Azure table entities (every property) become one line of text each.
/// </summary>
public static class StoredData
{
    /// <summary>Every record of a table (SQLite table or Azure table of that name) as text.</summary>
    public static async Task<List<string>> RowsAsync(this ObrasQrFactory factory, string table)
    {
        if (factory.Store == StoreKind.Azure)
        {
            var rows = new List<string>();
            await foreach (var entity in factory.Service<AzureStore>().Table(table).QueryAsync<TableEntity>())
                rows.Add(string.Join("|", entity.Select(p => $"{p.Key}={p.Value}")));
            return rows;
        }
        using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "obrasqr.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
            values.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "" : reader.GetValue(i))}")));
        return values;
    }

    /// <summary>The names of the files stored under a folder (a folder on disk, or a blob prefix).</summary>
    public static async Task<List<string>> FilesAsync(this ObrasQrFactory factory, string folder)
    {
        if (factory.Store == StoreKind.Azure)
        {
            var names = new List<string>();
            await foreach (var blob in factory.Service<AzureStore>().Files.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, folder.TrimEnd('/') + "/", default))
                names.Add(blob.Name);
            return names;
        }
        var path = Path.Combine(factory.DataDirectory, "files", folder);
        return Directory.Exists(path) ? Directory.GetFiles(path).ToList() : [];
    }

    /// <summary>A stored file's bytes, as the store keeps them.</summary>
    public static async Task<byte[]> FileAsync(this ObrasQrFactory factory, string path)
    {
        await using var stream = await factory.Service<IFileStore>().OpenReadAsync(path) ?? throw new FileNotFoundException(path);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Every record the store holds, as one text: the SQLite file with its write-ahead log, or every
    /// entity of every table.</summary>
    public static async Task<string> EverythingAsync(this ObrasQrFactory factory)
    {
        if (factory.Store == StoreKind.Azure)
        {
            var text = new StringBuilder();
            foreach (var table in AzureStore.TableNames)
                foreach (var row in await factory.RowsAsync(table)) text.AppendLine(row);
            return text.ToString();
        }
        var db = Path.Combine(factory.DataDirectory, "obrasqr.db");
        var bytes = File.ReadAllBytes(db).Concat(File.Exists(db + "-wal") ? File.ReadAllBytes(db + "-wal") : []).ToArray();
        return Encoding.Latin1.GetString(bytes);
    }
}
