using Microsoft.Data.Sqlite;
using ObrasQr.Contracts;

namespace ObrasQr.Server.Storage;

/// <summary>
/// Table catalog_stamps (schema step <see cref="SqliteSchema"/>.CatalogStampsAreKept): one counter per scope of the
/// works catalog (<see cref="CatalogStamps"/>), moved in the same transaction as what it covers. Scopes:
/// <see cref="National"/>, <see cref="Points"/> and <see cref="EntityPrefix"/> + entity NIT ("" for none).
/// </summary>
public static class SqliteCatalogStamps
{
    public const string National = "all";
    public const string Points = "located";
    public const string EntityPrefix = "e_";

    /// <summary>The entity NIT of a current version's JSON, "" when it has none: the one place SQL reads it.</summary>
    public const string EntityOfJson = "COALESCE(json_extract(v.json, '$.entityNit'), '')";

    const string Bump = "INSERT INTO catalog_stamps (scope, stamp) VALUES ($scope, 1) ON CONFLICT (scope) DO UPDATE SET stamp = stamp + 1";

    /// <summary>Moves the stamps of these scopes, national last, inside the caller's transaction.</summary>
    public static void Move(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> scopes)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Bump;
        var scope = command.Parameters.Add("$scope", SqliteType.Text);
        foreach (var name in scopes.Append(National).Distinct(StringComparer.Ordinal))
        {
            scope.Value = name;
            command.ExecuteNonQuery();
        }
    }

    public static string? ReadNational(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT stamp FROM catalog_stamps WHERE scope = $scope";
        command.Parameters.AddWithValue("$scope", National);
        return command.ExecuteScalar() is long stamp ? stamp.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    public static CatalogStamps ReadAll(SqliteConnection connection)
    {
        string? national = null, points = null;
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT scope, stamp FROM catalog_stamps";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var (name, stamp) = (reader.GetString(0), reader.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (name == National) national = stamp;
            else if (name == Points) points = stamp;
            else if (name.StartsWith(EntityPrefix, StringComparison.Ordinal)) entities[name[EntityPrefix.Length..]] = stamp;
        }
        return new CatalogStamps(national, points, entities);
    }
}
