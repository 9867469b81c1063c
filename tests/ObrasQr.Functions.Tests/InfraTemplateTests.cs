using System.Text.Json;
using System.Text.RegularExpressions;

namespace ObrasQr.Functions.Tests;

/// <summary>
/// What infra-bicep/ promises, read from the ARM template the Bicep CLI compiled at build (infra-bicep/Bicep.targets):
/// Flex Consumption on .NET 10, storage without shared keys, a user-assigned identity with only the data roles it
/// needs, Application Insights without local auth, every app setting the app reads, and no secret in the template.
/// </summary>
public sealed partial class InfraTemplateTests
{
    static readonly string Text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "infra", "main.json"));
    static readonly JsonElement Template = JsonDocument.Parse(Text).RootElement;

    const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";

    /// <summary>Every resource of the template and of its nested module deployments.</summary>
    static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        var list = resources.ValueKind == JsonValueKind.Object ? resources.EnumerateObject().Select(p => p.Value) : resources.EnumerateArray();
        foreach (var resource in list)
        {
            yield return resource;
            if (resource.GetProperty("type").GetString() == "Microsoft.Resources/deployments")
                foreach (var nested in Resources(resource.GetProperty("properties").GetProperty("template")))
                    yield return nested;
        }
    }

    static JsonElement One(string type) => Assert.Single(Resources(Template), r => r.GetProperty("type").GetString() == type);

    static JsonElement Module(string name) =>
        Resources(Template).Single(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments" && r.GetProperty("name").GetString() == name);

    [Fact]
    public void The_function_app_runs_dotnet_10_isolated_on_Flex_Consumption()
    {
        var plan = One("Microsoft.Web/serverfarms");
        var site = One("Microsoft.Web/sites");
        var runtime = site.GetProperty("properties").GetProperty("functionAppConfig").GetProperty("runtime");

        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());
        Assert.Equal("UserAssigned", site.GetProperty("identity").GetProperty("type").GetString());
    }

    [Fact]
    public void Storage_refuses_shared_keys_and_public_blob_access()
    {
        var properties = One("Microsoft.Storage/storageAccounts").GetProperty("properties");

        Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
    }

    [Fact]
    public void The_identity_gets_blob_owner_and_table_contributor_on_storage()
    {
        var rbac = Module("rbac").GetProperty("properties").GetProperty("template").GetRawText();

        Assert.Contains(StorageBlobDataOwner, rbac);
        Assert.Contains(StorageTableDataContributor, rbac);
        Assert.Contains("ServicePrincipal", rbac);
        Assert.Single(Resources(Template), r => r.GetProperty("type").GetString() == "Microsoft.ManagedIdentity/userAssignedIdentities");
    }

    [Fact]
    public void Application_Insights_accepts_only_Entra_ID_ingestion()
    {
        var insights = One("Microsoft.Insights/components").GetProperty("properties");

        Assert.True(insights.GetProperty("DisableLocalAuth").GetBoolean());
        Assert.Contains("Authorization=AAD", Module("api").GetRawText());
    }

    // Every setting the app reads on Azure (README's configuration table; DataDirectory is the server's only).
    [Theory]
    [InlineData("ObrasQr__PublicBaseUrl")]
    [InlineData("ObrasQr__SeedDemoData")]
    [InlineData("ObrasQr__Sync__Schedule")]
    [InlineData("ObrasQr__Sync__SodaBaseUrl")]
    [InlineData("ObrasQr__Sync__EntityNit")]
    [InlineData("ObrasQr__Sync__AppToken")]
    [InlineData("ObrasQr__Reports__MaxPerClientPerHour")]
    [InlineData("ObrasQr__Reports__HeldPhotoSweep")]
    [InlineData("ObrasQr__Reports__IdentityKeys__0__Id")]
    [InlineData("ObrasQr__Reports__IdentityKeys__0__Key")]
    [InlineData("ObrasQr__Trust__EntityName")]
    [InlineData("ObrasQr__Trust__EntityNit")]
    [InlineData("ObrasQr__Trust__OfficeName")]
    [InlineData("ObrasQr__Trust__Email")]
    [InlineData("ObrasQr__Mail__Host")]
    [InlineData("ObrasQr__Mail__Port")]
    [InlineData("ObrasQr__Mail__Security")]
    [InlineData("ObrasQr__Mail__From")]
    [InlineData("ObrasQr__Mail__UserName")]
    [InlineData("ObrasQr__Mail__Password")]
    [InlineData("ObrasQr__Auth__Keys__0__Sha256")]
    [InlineData("ObrasQr__Auth__Keys__1__Sha256")]
    [InlineData("ObrasQr__Storage__Tables__endpoint")]
    [InlineData("ObrasQr__Storage__Tables__credential")]
    [InlineData("ObrasQr__Storage__Tables__clientId")]
    [InlineData("ObrasQr__Storage__Blobs__serviceUri")]
    [InlineData("ObrasQr__Storage__Blobs__credential")]
    [InlineData("ObrasQr__Storage__Blobs__clientId")]
    [InlineData("AzureWebJobsStorage__accountName")]
    [InlineData("AzureWebJobsStorage__credential")]
    [InlineData("AzureWebJobsStorage__clientId")]
    [InlineData("ObrasQr__Http__FrontDoorId")]
    public void The_app_settings_carry(string setting)
    {
        var appSettings = One("Microsoft.Web/sites/config").GetProperty("properties").GetString();
        Assert.Contains("parameters('obrasQrSettings')", appSettings); // main's ObrasQr__* settings reach the app
        // Names appear as JSON keys or as ARM expression literals: createObject('Name', value, ...).
        Assert.True(Text.Contains($"\"{setting}\"") || Text.Contains($"'{setting}'"), $"{setting} is not set");
    }

    [Fact]
    public void Front_Door_is_optional_and_caches_pages_images_and_open_data_honouring_the_app()
    {
        var parameter = Template.GetProperty("parameters").GetProperty("frontDoor");
        Assert.Equal("none", parameter.GetProperty("defaultValue").GetString());
        Assert.Equal(["", "none", "standard", "premium"], parameter.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("[variables('withFrontDoor')]", Module("frontDoorProfile").GetProperty("condition").GetString());

        var routes = Resources(Template).Where(r => r.GetProperty("type").GetString() == "Microsoft.Cdn/profiles/afdEndpoints/routes").ToList();
        var cached = Assert.Single(routes, r => r.GetProperty("properties").TryGetProperty("cacheConfiguration", out _)).GetProperty("properties");
        Assert.Equal(["/o/*", "/api/oc4ids.json", "/api/contracts.csv", "/api/billboards.zip"],
            cached.GetProperty("patternsToMatch").EnumerateArray().Select(p => p.GetString()));
        var rule = One("Microsoft.Cdn/profiles/ruleSets/rules").GetRawText();
        Assert.Contains("HonorOrigin", rule);
        Assert.Contains("FRONT_DOOR_HOST_NAME", Template.GetProperty("outputs").GetRawText());
    }

    [Fact]
    public void Secrets_are_secure_parameters_and_no_secret_is_written_in_the_template()
    {
        var parameters = Template.GetProperty("parameters");

        Assert.Equal("securestring", parameters.GetProperty("syncAppToken").GetProperty("type").GetString());
        Assert.Equal("securestring", parameters.GetProperty("reportsIdentityKey").GetProperty("type").GetString());
        Assert.Equal("securestring", parameters.GetProperty("mailPassword").GetProperty("type").GetString());
        Assert.DoesNotContain("AccountKey=", Text);
        Assert.DoesNotContain("InstrumentationKey=", Text);
        Assert.DoesNotContain("listKeys", Text);
        Assert.DoesNotContain("SharedAccessSignature", Text);
        // No literal that looks like a key: a long base64 run mixing digits and both cases (storage keys are 88 characters).
        Assert.DoesNotContain(LongBase64().Matches(Text).Select(m => m.Value), v => v.Any(char.IsDigit) && v.Any(char.IsUpper) && v.Any(char.IsLower));
    }

    [GeneratedRegex("[A-Za-z0-9+/]{40,}={0,2}")]
    private static partial Regex LongBase64();
}
