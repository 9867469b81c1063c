namespace ObrasQr.AzureStorage;

/// <summary>
/// Records are kept as JSON in their table row. A string property holds at most 64 KiB (32K UTF-16 characters) and a
/// row at most 1 MiB, so the JSON is split over Json, Json1, Json2, ... (docs/azure-tables.md).
/// </summary>
public static class EntityJson
{
    public const int ChunkLength = 30_000;
    public const int MaxChunks = 15; // 15 x 30,000 UTF-16 characters = 900,000 bytes, under the 1 MiB row limit
    public const int MaxLength = ChunkLength * MaxChunks;

    public static bool Fits(string json) => json.Length <= MaxLength;

    public static void Write(IDictionary<string, object> entity, string json)
    {
        if (!Fits(json)) throw new InvalidDataException($"A record of {json.Length} characters does not fit in a table row.");
        for (int i = 0, start = 0; start < json.Length || i == 0; i++, start += ChunkLength)
            entity[Name(i)] = json.Substring(start, Math.Min(ChunkLength, json.Length - start));
    }

    public static string Read(IDictionary<string, object> entity)
    {
        var json = new System.Text.StringBuilder();
        for (var i = 0; i < MaxChunks && entity.TryGetValue(Name(i), out var chunk) && chunk is string text; i++)
            json.Append(text);
        return json.ToString();
    }

    static string Name(int chunk) => chunk == 0 ? "Json" : $"Json{chunk}";
}
