using System.Text;
using Azure.Data.Tables;
using ObrasQr.AzureStorage.Backup;

namespace ObrasQr.Tests.Backup;

/// <summary>A backup line keeps every property with its EDM type, so a restore writes back exactly what was read.</summary>
public sealed class BackupEntityTests
{
    internal static TableEntity EveryType() => new("890480184_m202612", "0638123_r%2F1")
    {
        ["Text"] = "Obra en la calle 30 – ñandú \"citado\"\n",
        ["Small"] = 42,
        ["SmallAsLong"] = 42L,
        ["Big"] = long.MaxValue,
        ["Ratio"] = 0.1 + 0.2,
        ["Whole"] = 2.0,
        ["Flag"] = true,
        ["At"] = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero).AddTicks(1234567),
        ["Id"] = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        ["Bytes"] = new byte[] { 0, 1, 254, 255 },
    };

    [Fact]
    public void A_line_reads_back_every_property_with_the_same_type_and_value()
    {
        var original = EveryType();

        var line = BackupEntity.ToLine(original);
        var restored = BackupEntity.FromLine(line);

        Assert.DoesNotContain((byte)'\n', line); // one entity, one line
        Assert.Equal((original.PartitionKey, original.RowKey), (restored.PartitionKey, restored.RowKey));
        foreach (var name in new[] { "Text", "Small", "SmallAsLong", "Big", "Ratio", "Whole", "Flag", "At", "Id", "Bytes" })
        {
            Assert.Equal(original[name].GetType(), restored[name].GetType());
            Assert.Equal(original[name], restored[name]);
        }
        Assert.Equal(0.1 + 0.2, restored.GetDouble("Ratio")); // not rounded to 0.3
    }

    [Fact]
    public void The_service_columns_are_not_written_the_service_sets_them_again()
    {
        var read = EveryType();
        read.ETag = new Azure.ETag("W/\"datetime'2026-12-07T08%3A00%3A00Z'\"");
        read.Timestamp = DateTimeOffset.UtcNow;

        var line = Encoding.UTF8.GetString(BackupEntity.ToLine(read));

        Assert.DoesNotContain("Timestamp", line);
        Assert.DoesNotContain("etag", line, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"Big\":{\"Type\":\"Edm.Int64\",\"Value\":\"9223372036854775807\"}", line);
    }
}
