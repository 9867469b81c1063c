using System.Globalization;
using System.Text.Json;
using ObrasQr.Secop;

namespace ObrasQr.OpenData;

/// <summary>The OC4IDS 0.9 package around the projects (<see cref="Oc4idsProject"/>): who publishes, when, under which terms.</summary>
public static class Oc4idsPackage
{
    /// <summary>Opens the package and its "projects" array.</summary>
    /// <param name="nit">The entity of a package of one entity's works; null for all of them.</param>
    /// <param name="latest">The date of the last change to what it holds: the latest synchronised version.</param>
    public static void WriteStart(Utf8JsonWriter w, ObrasQrOptions options, string baseUrl, string? nit, DateTimeOffset latest)
    {
        var trust = options.Trust;
        w.WriteStartObject();
        w.WriteString("uri", $"{baseUrl}/api/oc4ids.json" + (nit is null ? "" : $"?entity={Uri.EscapeDataString(nit)}"));
        w.WriteStartObject("publisher");
        w.WriteString("name", DemoData.Publisher(trust.EntityName, options.SeedDemoData));
        if (!string.IsNullOrWhiteSpace(trust.EntityNit))
        {
            w.WriteString("scheme", Oc4idsProject.NitScheme);
            w.WriteString("uid", trust.EntityNit.Trim());
        }
        w.WriteString("uri", baseUrl);
        w.WriteEndObject();
        w.WriteString("publishedDate", latest.ToOffset(ColombiaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        w.WriteString("version", "0.9");
        if (!string.IsNullOrWhiteSpace(options.OpenData.License)) w.WriteString("license", options.OpenData.License.Trim());
        w.WriteString("publicationPolicy", $"{baseUrl}/datos#politica");
        w.WriteStartArray("projects");
    }

    public static void WriteEnd(Utf8JsonWriter w)
    {
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
