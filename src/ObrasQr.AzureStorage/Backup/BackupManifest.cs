using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace ObrasQr.AzureStorage.Backup;

/// <summary>
/// What a backup run wrote, as <c>{run}/manifest.json</c> in the <c>backups</c> container. It is written last, so a run
/// without it stopped half-way and a restore refuses it.
/// </summary>
public sealed record BackupManifest(int Format, string Run, string AppVersion, DateTimeOffset StartedAt, DateTimeOffset FinishedAt,
    IReadOnlyList<BackupManifest.Table> Tables)
{
    public sealed record Table(string Name, string Blob, long Rows);

    public const string FileName = "manifest.json";
    public const int CurrentFormat = 1;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>A run's folder, from when it started: <c>2026-12-07T080000Z</c> (UTC; sorts by time, no ':' in a blob name).</summary>
    public static string RunFolder(DateTimeOffset startedAt) => startedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string BlobOf(string run, string table) => $"{run}/{table}.jsonl.gz";

    public static string ManifestOf(string run) => $"{run}/{FileName}";

    /// <summary>The version of the code that wrote the run (assembly informational version).</summary>
    public static string CurrentAppVersion() =>
        typeof(BackupManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "desconocida";

    public BinaryData ToJson() => BinaryData.FromObjectAsJson(this, Json);

    public static BackupManifest? FromJson(BinaryData json) => json.ToObjectFromJson<BackupManifest>(Json);
}
