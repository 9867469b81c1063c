using System.Globalization;
using ObrasQr.Reports;

namespace ObrasQr.Server.Storage;

/// <summary>Table identity_access (schema step IdentityAccessIsLogged): one row per opening of a reporter's identity.</summary>
public sealed class SqliteIdentityAccessLog(SqliteDatabase db) : IIdentityAccessLog
{
    public Task RecordAsync(IdentityAccess access, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO identity_access (report_id, at, by) VALUES ($report, $at, $by)";
        command.Parameters.AddWithValue("$report", access.ReportId);
        command.Parameters.AddWithValue("$at", access.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$by", access.By);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IdentityAccess>> ListAsync(string reportId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, by FROM identity_access WHERE report_id = $report ORDER BY at, rowid";
        command.Parameters.AddWithValue("$report", reportId);
        var accesses = new List<IdentityAccess>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            accesses.Add(new IdentityAccess(reportId, reader.GetString(1),
                DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
        return Task.FromResult<IReadOnlyList<IdentityAccess>>(accesses);
    }
}
