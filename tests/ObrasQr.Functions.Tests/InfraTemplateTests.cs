using System.Text.Json;
using System.Text.RegularExpressions;

namespace ObrasQr.Functions.Tests;

/// <summary>
/// What infra-bicep/ promises, read from the ARM template the Bicep CLI compiled at build (infra-bicep/Bicep.targets):
/// Flex Consumption on .NET 10, storage without shared keys, a user-assigned identity with only the data roles it
/// needs, Application Insights without local auth, every app setting the app reads, and no secret in the template;
/// for production (issue 28): the data in its own protected account with lifecycle rules, the secrets in Key Vault,
/// alerts, and always-ready instances.
/// </summary>
public sealed partial class InfraTemplateTests
{
    static readonly string Text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "infra", "main.json"));
    static readonly JsonElement Template = JsonDocument.Parse(Text).RootElement;

    const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

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

    /// <summary>The one resource of that type the template declares (a module reading it with `existing` does not count).</summary>
    static JsonElement One(string type) =>
        Assert.Single(Resources(Template), r => r.GetProperty("type").GetString() == type && !r.TryGetProperty("existing", out _));

    static JsonElement Module(string name) =>
        Resources(Template).Single(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments" && r.GetProperty("name").GetString() == name);

    static JsonElement ModuleTemplate(string name) => Module(name).GetProperty("properties").GetProperty("template");

    /// <summary>The resources a module declares (not the ones it only reads with `existing`).</summary>
    static List<JsonElement> Declared(string module, string type) =>
        Resources(ModuleTemplate(module))
            .Where(r => r.GetProperty("type").GetString() == type && !r.TryGetProperty("existing", out _))
            .ToList();

    static string AppSettings => One("Microsoft.Web/sites/config").GetProperty("properties").GetString()!;

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

    [Theory]
    [InlineData("hostStorage")]
    [InlineData("dataStorage")]
    public void Storage_refuses_shared_keys_public_blob_access_and_old_TLS(string module)
    {
        var properties = Assert.Single(Declared(module, "Microsoft.Storage/storageAccounts")).GetProperty("properties");

        Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
    }

    [Fact]
    public void The_data_lives_in_its_own_account_and_the_host_account_keeps_only_host_storage_and_the_package()
    {
        Assert.Equal(2, Resources(Template).Count(r => r.GetProperty("type").GetString() == "Microsoft.Storage/storageAccounts" && !r.TryGetProperty("existing", out _)));
        var hostContainer = Assert.Single(Declared("hostStorage", "Microsoft.Storage/storageAccounts/blobServices/containers"));
        Assert.Contains("deploymentContainerName", hostContainer.GetProperty("name").GetString());
        Assert.Empty(Declared("hostStorage", "Microsoft.Storage/storageAccounts/tableServices/tables"));
        Assert.Empty(Declared("hostStorage", "Microsoft.Storage/storageAccounts/queueServices/queues"));

        var data = ModuleTemplate("dataStorage").GetProperty("parameters");
        Assert.Equal(["files", "backups"], data.GetProperty("containerNames").GetProperty("defaultValue").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["jobs", "jobs-poison"], data.GetProperty("queueNames").GetProperty("defaultValue").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("reports", data.GetProperty("tableNames").GetProperty("defaultValue").EnumerateArray().Select(v => v.GetString()));
        Assert.Single(Declared("dataStorage", "Microsoft.Storage/storageAccounts/queueServices/queues"));

        var settings = AppSettings;
        Assert.Contains("'AzureWebJobsStorage__accountName', parameters('hostStorageAccountName')", settings);
        Assert.Contains("'ObrasQr__Storage__Tables__endpoint', reference('dataStorage').primaryEndpoints.table", settings);
        Assert.Contains("'ObrasQr__Storage__Blobs__serviceUri', reference('dataStorage').primaryEndpoints.blob", settings);
        Assert.Contains("'ObrasQr__Storage__Queues__serviceUri', reference('dataStorage').primaryEndpoints.queue", settings);
        Assert.Contains("'ObrasQr__Storage__Queues__queueServiceUri', reference('dataStorage').primaryEndpoints.queue", settings);
        Assert.Contains("'ObrasQr__Storage__Queues__credential', 'managedidentity'", settings);
        Assert.Contains("'ObrasQr__Storage__Queues__clientId', parameters('identityClientId')", settings);
        var package = One("Microsoft.Web/sites").GetProperty("properties").GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage");
        Assert.Contains("reference('hostStorage')", package.GetProperty("value").GetString());
    }

    [Fact]
    public void The_identity_gets_data_roles_on_the_data_account_and_host_roles_on_the_host_account()
    {
        var rbac = ModuleTemplate("rbac");
        var variables = rbac.GetProperty("variables");
        // A list compiles to "[variables('storageBlobDataOwner')]" items; each names the variable holding the role id.
        IEnumerable<string> Roles(string list) => variables.GetProperty(list).EnumerateArray()
            .Select(v => variables.GetProperty(v.GetString()!["[variables('".Length..^"')]".Length]).GetString()!);

        Assert.Equal([StorageBlobDataOwner, StorageTableDataContributor, StorageQueueDataContributor], Roles("dataRoles"));
        Assert.Equal([StorageBlobDataOwner, StorageTableDataContributor], Roles("hostRoles"));
        var assignments = Resources(rbac).Where(r => r.GetProperty("type").GetString() == "Microsoft.Authorization/roleAssignments").Select(r => r.GetRawText()).ToList();
        Assert.Contains(assignments, a => a.Contains("variables('dataRoles')") && a.Contains("parameters('dataStorageAccountName')") && a.Contains("identityPrincipalId"));
        Assert.Contains(assignments, a => a.Contains("variables('hostRoles')") && a.Contains("parameters('hostStorageAccountName')") && a.Contains("identityPrincipalId"));
        Assert.DoesNotContain(assignments, a => a.Contains("variables('dataRoles')") && a.Contains("parameters('hostStorageAccountName')"));
        Assert.Contains("ServicePrincipal", rbac.GetRawText());
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
    [InlineData("ObrasQr__Backup__Schedule")]
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
    [InlineData("ObrasQr__Storage__Queues__serviceUri")]
    [InlineData("ObrasQr__Storage__Queues__queueServiceUri")]
    [InlineData("ObrasQr__Storage__Queues__credential")]
    [InlineData("ObrasQr__Storage__Queues__clientId")]
    [InlineData("AzureWebJobsStorage__accountName")]
    [InlineData("AzureWebJobsStorage__credential")]
    [InlineData("AzureWebJobsStorage__clientId")]
    [InlineData("ObrasQr__Http__FrontDoorId")]
    public void The_app_settings_carry(string setting)
    {
        Assert.Contains("parameters('obrasQrSettings')", AppSettings); // main's ObrasQr__* settings reach the app
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

    [Fact]
    public void The_data_account_keeps_deleted_and_overwritten_blobs_with_the_chosen_redundancy()
    {
        var parameters = Template.GetProperty("parameters");
        Assert.Equal("30", parameters.GetProperty("blobSoftDeleteDays").GetProperty("defaultValue").GetString());
        Assert.Equal("Standard_ZRS", parameters.GetProperty("storageRedundancy").GetProperty("defaultValue").GetString());
        Assert.Equal(["", "Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_GZRS"],
            parameters.GetProperty("storageRedundancy").GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()));
        var passed = Module("dataStorage").GetProperty("properties").GetProperty("parameters");
        Assert.Equal("[variables('redundancy')]", passed.GetProperty("redundancy").GetProperty("value").GetString());
        Assert.Equal("[variables('softDeleteDays')]", passed.GetProperty("blobSoftDeleteDays").GetProperty("value").GetString());
        var variables = Template.GetProperty("variables");
        Assert.Contains("'Standard_ZRS'", variables.GetProperty("redundancy").GetString());
        Assert.Contains("'30'", variables.GetProperty("softDeleteDays").GetString());

        var account = Assert.Single(Declared("dataStorage", "Microsoft.Storage/storageAccounts"));
        Assert.Equal("[parameters('redundancy')]", account.GetProperty("sku").GetProperty("name").GetString());
        var blobs = Assert.Single(Declared("dataStorage", "Microsoft.Storage/storageAccounts/blobServices")).GetProperty("properties");
        Assert.True(blobs.GetProperty("isVersioningEnabled").GetBoolean());
        foreach (var policy in new[] { "deleteRetentionPolicy", "containerDeleteRetentionPolicy" })
        {
            Assert.True(blobs.GetProperty(policy).GetProperty("enabled").GetBoolean());
            Assert.Equal("[parameters('blobSoftDeleteDays')]", blobs.GetProperty(policy).GetProperty("days").GetString());
        }
    }

    [Fact]
    public void Lifecycle_rules_drop_held_photos_and_old_sync_runs_cool_old_exports_expire_backups_and_old_versions()
    {
        Assert.Equal("35", Template.GetProperty("parameters").GetProperty("backupRetentionDays").GetProperty("defaultValue").GetString());
        var rules = Assert.Single(Declared("dataStorage", "Microsoft.Storage/storageAccounts/managementPolicies"))
            .GetProperty("properties").GetProperty("policy").GetProperty("rules").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("definition"));
        string[] Prefixes(string rule) => rules[rule].GetProperty("filters").TryGetProperty("prefixMatch", out var p) ? p.EnumerateArray().Select(v => v.GetString()!).ToArray() : [];
        JsonElement Actions(string rule) => rules[rule].GetProperty("actions");

        Assert.Equal(["files/held/", "files/uploads/"], Prefixes("held-photos"));
        Assert.Equal(1, Actions("held-photos").GetProperty("baseBlob").GetProperty("delete").GetProperty("daysAfterModificationGreaterThan").GetInt32());
        Assert.Equal(1, Actions("held-photos").GetProperty("version").GetProperty("delete").GetProperty("daysAfterCreationGreaterThan").GetInt32());

        Assert.Equal(["files/sync-runs/"], Prefixes("old-sync-runs"));
        Assert.Equal(30, Actions("old-sync-runs").GetProperty("baseBlob").GetProperty("delete").GetProperty("daysAfterModificationGreaterThan").GetInt32());

        Assert.Equal(["files/exports/"], Prefixes("old-exports-to-cool"));
        var exports = Actions("old-exports-to-cool").GetProperty("baseBlob");
        Assert.Equal(30, exports.GetProperty("tierToCool").GetProperty("daysAfterModificationGreaterThan").GetInt32());
        Assert.False(exports.TryGetProperty("delete", out _)); // the record of what was imported is never deleted

        Assert.Equal(["backups/"], Prefixes("backups-retention"));
        Assert.Equal("[parameters('backupRetentionDays')]",
            Actions("backups-retention").GetProperty("baseBlob").GetProperty("delete").GetProperty("daysAfterModificationGreaterThan").GetString());

        Assert.Empty(Prefixes("old-versions"));
        Assert.Equal("[parameters('blobSoftDeleteDays')]",
            Actions("old-versions").GetProperty("version").GetProperty("delete").GetProperty("daysAfterCreationGreaterThan").GetString());
    }

    [Fact]
    public void Secrets_live_in_Key_Vault_and_the_app_reads_them_through_references_with_its_identity()
    {
        var vault = Assert.Single(Declared("keyVault", "Microsoft.KeyVault/vaults")).GetProperty("properties");
        Assert.True(vault.GetProperty("enableRbacAuthorization").GetBoolean());
        Assert.True(vault.GetProperty("enableSoftDelete").GetBoolean());
        Assert.True(vault.GetProperty("enablePurgeProtection").GetBoolean());
        var secrets = Declared("keyVault", "Microsoft.KeyVault/vaults/secrets").Select(s => s.GetProperty("properties").GetProperty("value").GetString());
        Assert.Equal(["[parameters('reportsIdentityKey')]", "[parameters('syncAppToken')]", "[parameters('mailPassword')]"], secrets);
        var role = Assert.Single(Declared("keyVault", "Microsoft.Authorization/roleAssignments")).GetRawText();
        Assert.Contains("variables('keyVaultSecretsUser')", role);
        Assert.Contains("Microsoft.KeyVault/vaults", role);
        Assert.Equal(KeyVaultSecretsUser, ModuleTemplate("keyVault").GetProperty("variables").GetProperty("keyVaultSecretsUser").GetString());
        Assert.DoesNotContain(KeyVaultSecretsUser, ModuleTemplate("rbac").GetRawText());

        Assert.Equal("[parameters('identityId')]", One("Microsoft.Web/sites").GetProperty("properties").GetProperty("keyVaultReferenceIdentity").GetString());
        var api = ModuleTemplate("api");
        Assert.Contains("@Microsoft.KeyVault(SecretUri={0})", api.GetProperty("functions").GetRawText());
        foreach (var (setting, uri) in new[] { ("ObrasQr__Reports__IdentityKeys__0__Key", "reportsIdentityKeySecretUri"), ("ObrasQr__Sync__AppToken", "syncAppTokenSecretUri"), ("ObrasQr__Mail__Password", "mailPasswordSecretUri") })
            Assert.Contains($"'{setting}', __bicep.keyVaultReference(parameters('{uri}'))", AppSettings);
        // No secret value reaches the function app's deployment: it takes no secure parameter at all.
        Assert.DoesNotContain(api.GetProperty("parameters").EnumerateObject(), p => p.Value.GetProperty("type").GetString() == "securestring");
        var passed = Module("api").GetProperty("properties").GetProperty("parameters").GetRawText();
        Assert.DoesNotContain("parameters('reportsIdentityKey')", passed);
        Assert.DoesNotContain("value', parameters('syncAppToken')", passed);
        Assert.DoesNotContain("value', parameters('mailPassword')", passed);
    }

    [Fact]
    public void Alerts_watch_5xx_answers_failed_jobs_and_poison_messages_and_mail_alertEmail_when_given()
    {
        Assert.Equal("", Template.GetProperty("parameters").GetProperty("alertEmail").GetProperty("defaultValue").GetString());
        var group = Assert.Single(Declared("alerts", "Microsoft.Insights/actionGroups"));
        Assert.Equal("[variables('notify')]", group.GetProperty("condition").GetString());
        Assert.Equal("[not(empty(parameters('alertEmail')))]", ModuleTemplate("alerts").GetProperty("variables").GetProperty("notify").GetString());

        var http5xx = Assert.Single(Declared("alerts", "Microsoft.Insights/metricAlerts")).GetProperty("properties");
        Assert.Contains("Microsoft.Web/sites", Assert.Single(http5xx.GetProperty("scopes").EnumerateArray()).GetString());
        Assert.Equal("Http5xx", Assert.Single(http5xx.GetProperty("criteria").GetProperty("allOf").EnumerateArray()).GetProperty("metricName").GetString());
        Assert.Contains("actionGroupIds", http5xx.GetRawText());

        var queries = Declared("alerts", "Microsoft.Insights/scheduledQueryRules").Select(r => r.GetProperty("properties")).ToList();
        Assert.Equal(2, queries.Count);
        Assert.All(queries, q =>
        {
            Assert.Contains("Microsoft.Insights/components", Assert.Single(q.GetProperty("scopes").EnumerateArray()).GetString());
            Assert.Equal("[variables('actionGroupIds')]", q.GetProperty("actions").GetProperty("actionGroups").GetString());
        });
        var texts = queries.Select(q => Assert.Single(q.GetProperty("criteria").GetProperty("allOf").EnumerateArray()).GetProperty("query").GetString()!).ToList();
        Assert.Contains(texts, t => t.Contains("traces") && t.Contains("exceptions") && t.Contains("\"Job failed\""));
        Assert.Contains(texts, t => t.Contains("traces") && t.Contains("\"jobs-poison\""));
    }

    [Fact]
    public void Always_ready_keeps_the_chosen_number_of_http_instances_warm_and_none_by_default()
    {
        Assert.Equal("0", Template.GetProperty("parameters").GetProperty("alwaysReadyInstances").GetProperty("defaultValue").GetString());
        Assert.Equal("[variables('warmInstances')]",
            Module("api").GetProperty("properties").GetProperty("parameters").GetProperty("alwaysReadyInstances").GetProperty("value").GetString());
        var alwaysReady = One("Microsoft.Web/sites").GetProperty("properties").GetProperty("functionAppConfig")
            .GetProperty("scaleAndConcurrency").GetProperty("alwaysReady").GetString();
        Assert.Equal("[if(equals(parameters('alwaysReadyInstances'), 0), createArray(), createArray(createObject('name', 'http', 'instanceCount', parameters('alwaysReadyInstances'))))]", alwaysReady);
    }

    [Theory]
    [InlineData("storageRedundancy", "OBRASQR_STORAGE_REDUNDANCY")]
    [InlineData("blobSoftDeleteDays", "OBRASQR_BLOB_SOFT_DELETE_DAYS")]
    [InlineData("backupRetentionDays", "OBRASQR_BACKUP_RETENTION_DAYS")]
    [InlineData("alertEmail", "OBRASQR_ALERT_EMAIL")]
    [InlineData("alwaysReadyInstances", "OBRASQR_ALWAYS_READY_INSTANCES")]
    public void Azd_sets_the_production_parameter_from_its_environment_variable(string parameter, string variable)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "infra-bicep", "main.parameters.json"))) directory = directory.Parent!;
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "infra-bicep", "main.parameters.json")));

        Assert.True(Template.GetProperty("parameters").TryGetProperty(parameter, out _));
        Assert.Equal($"${{{variable}}}", file.RootElement.GetProperty("parameters").GetProperty(parameter).GetProperty("value").GetString());
    }

    [GeneratedRegex("[A-Za-z0-9+/]{40,}={0,2}")]
    private static partial Regex LongBase64();
}
