using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace ObrasQr.AzureStorage.Backup;

/// <summary>
/// One table row as one line of a backup: its keys and every property with its EDM type, so that a restore writes back
/// the same types (an Int64 stays an Int64 even when it fits in 32 bits, a DateTime keeps its ticks, a Binary its
/// bytes). Numbers that JSON would round (Int64, Double) are written as text: <c>{"PartitionKey":"…","RowKey":"…",
/// "Properties":{"Version":{"Type":"Edm.Int64","Value":"3"}}}</c>. The service's own columns (Timestamp, ETag) are left
/// out: the service sets them again on restore.
/// </summary>
public static class BackupEntity
{
    public const string String = "Edm.String", Int32 = "Edm.Int32", Int64 = "Edm.Int64", Double = "Edm.Double",
        Boolean = "Edm.Boolean", DateTime = "Edm.DateTime", Guid = "Edm.Guid", Binary = "Edm.Binary";

    static readonly HashSet<string> ServiceColumns = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    public static byte[] ToLine(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("PartitionKey", entity.PartitionKey);
            json.WriteString("RowKey", entity.RowKey);
            json.WriteStartObject("Properties");
            foreach (var (name, value) in entity)
            {
                if (ServiceColumns.Contains(name) || value is null) continue;
                json.WriteStartObject(name);
                WriteTyped(json, name, value);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    static void WriteTyped(Utf8JsonWriter json, string name, object value)
    {
        switch (value)
        {
            case string s: json.WriteString("Type", String); json.WriteString("Value", s); break;
            case int i: json.WriteString("Type", Int32); json.WriteNumber("Value", i); break;
            case long l: json.WriteString("Type", Int64); json.WriteString("Value", l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: json.WriteString("Type", Double); json.WriteString("Value", d.ToString("R", CultureInfo.InvariantCulture)); break;
            case bool b: json.WriteString("Type", Boolean); json.WriteBoolean("Value", b); break;
            case DateTimeOffset t: json.WriteString("Type", DateTime); json.WriteString("Value", t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)); break;
            case System.DateTime t: json.WriteString("Type", DateTime); json.WriteString("Value", new DateTimeOffset(t.ToUniversalTime()).ToString("O", CultureInfo.InvariantCulture)); break;
            case System.Guid g: json.WriteString("Type", Guid); json.WriteString("Value", g.ToString("D")); break;
            case byte[] bytes: json.WriteString("Type", Binary); json.WriteBase64String("Value", bytes); break;
            case BinaryData data: json.WriteString("Type", Binary); json.WriteBase64String("Value", data.ToArray()); break;
            default: throw new InvalidOperationException($"Property {name} has a type Table Storage does not store: {value.GetType()}.");
        }
    }

    public static TableEntity FromLine(ReadOnlySpan<byte> line)
    {
        using var document = JsonDocument.Parse(line.ToArray());
        var root = document.RootElement;
        var entity = new TableEntity(root.GetProperty("PartitionKey").GetString(), root.GetProperty("RowKey").GetString());
        foreach (var property in root.GetProperty("Properties").EnumerateObject())
        {
            var value = property.Value.GetProperty("Value");
            entity[property.Name] = property.Value.GetProperty("Type").GetString() switch
            {
                String => value.GetString(),
                Int32 => value.GetInt32(),
                Int64 => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
                Double => double.Parse(value.GetString()!, CultureInfo.InvariantCulture),
                Boolean => value.GetBoolean(),
                DateTime => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Guid => System.Guid.Parse(value.GetString()!),
                Binary => value.GetBytesFromBase64(),
                var other => throw new InvalidDataException($"Property {property.Name} has an unknown type: {other}."),
            };
        }
        return entity;
    }
}
