// ObrasQr on Azure: `azd up` entry point (see README.md in this folder).
// One resource group with: a user-assigned identity, two storage accounts (the Functions host and
// deployment package; the app's data with soft delete, versioning and lifecycle rules; shared-key
// access off on both), a Key Vault with the secrets, Log Analytics + Application Insights (local
// auth off) with alerts, and a Flex Consumption function app running functions/ (.NET 10 isolated).
targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------
// azd parameters
// ---------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource. Must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user (azd sets AZURE_PRINCIPAL_ID). When set, it gets Storage Blob Data Owner, Table Data Contributor and Queue Data Contributor on the data account, for local runs against Azure. Empty: no assignment.')
param principalId string = ''

@description('Principal type of principalId: User (default) or ServicePrincipal (CI). Empty means User.')
param principalType string = 'User'

// ---------------------------------------------------------------------------------------------
// App parameters (become ObrasQr__* app settings; see infra-bicep/README.md and the README's configuration table)
// ---------------------------------------------------------------------------------------------

@description('ObrasQr__PublicBaseUrl: the base URL the QR codes encode (e.g. a custom domain). Empty: the function app\'s own https://<defaultHostName>.')
param publicBaseUrl string = ''

@description('ObrasQr__SeedDemoData: load the bundled demo export when the store is empty ("true"/"false"). Empty means "false".')
param seedDemoData string = 'false'

@description('ObrasQr__Sync__Schedule: 6-field NCRONTAB in UTC. Default 10:00 UTC = 05:00 Colombia. Empty means the default.')
param syncSchedule string = '0 0 10 * * *'

@description('ObrasQr__Sync__SodaBaseUrl: datos.gov.co SODA base URL. Empty means the default.')
param syncSodaBaseUrl string = 'https://www.datos.gov.co'

@description('ObrasQr__Sync__EntityNit: NIT of the contracting entity whose SECOP II contracts are synced. Empty: no automatic pull.')
param syncEntityNit string = ''

@secure()
@description('ObrasQr__Sync__AppToken: datos.gov.co (Socrata) app token. Empty: anonymous, rate-limited access.')
param syncAppToken string = ''

@description('ObrasQr__Reports__MaxPerClientPerHour: accepted reports one address may make per sliding hour; "0" turns the limit off. Empty means "60".')
param reportsMaxPerClientPerHour string = '60'

@secure()
@minLength(44)
@description('ObrasQr__Reports__IdentityKeys__0__Key: 32 random bytes in base64 (openssl rand -base64 32) that encrypt reporters\' names, e-mails and phones (AES-256-GCM). Required: the app refuses to start in Production without it. Keep it; losing it makes stored identities unreadable.')
param reportsIdentityKey string

@description('ObrasQr__Reports__IdentityKeys__0__Id: the name stored with each ciphertext; change it (with a new key) to rotate.')
param reportsIdentityKeyId string = 'k1'

// Who publishes the site and answers for the reporters' data (footer, /privacidad, the open data's publisher). Required:
// the app refuses to start in Production without the first four, and no default names anyone.
@minLength(1)
@description('ObrasQr__Trust__EntityName: the entity that publishes the site and is responsible for reporters\' data, e.g. Alcaldía de Ejemplo.')
param trustEntityName string

@minLength(1)
@description('ObrasQr__Trust__EntityNit: that entity\'s NIT, e.g. 890480184-4.')
param trustEntityNit string

@minLength(1)
@description('ObrasQr__Trust__OfficeName: the office that receives and answers the reports.')
param trustOfficeName string

@minLength(3)
@description('ObrasQr__Trust__Email: the e-mail where citizens exercise their data rights (Ley 1581 de 2012).')
param trustEmail string

@description('ObrasQr__Trust__Address: where to file a request in person or by mail. Empty: none shown.')
param trustAddress string = ''

@description('ObrasQr__Trust__Phone: the office\'s phone. Empty: none shown.')
param trustPhone string = ''

@description('ObrasQr__Mail__Host: the SMTP relay the notices go out through (e.g. smtp.azurecomm.net for Azure Communication Services). Empty: no mail is sent and the desk says so.')
param mailHost string = ''

@description('ObrasQr__Mail__Port: the SMTP port. Empty means "587".')
param mailPort string = '587'

@description('ObrasQr__Mail__Security: "starttls" (port 587), "tls" (port 465) or "none". Empty means "starttls".')
param mailSecurity string = 'starttls'

@description('ObrasQr__Mail__From: the sender, an address the relay may send from (e.g. DoNotReply@<your verified domain>).')
param mailFrom string = ''

@description('ObrasQr__Mail__UserName: the SMTP user name (for Azure Communication Services: the SMTP username you created for it).')
param mailUserName string = ''

@secure()
@description('ObrasQr__Mail__Password: the SMTP password (for Azure Communication Services: the Entra application\'s client secret). Empty: no authentication.')
param mailPassword string = ''

@maxLength(64)
@description('Lower-case HEX SHA-256 DIGEST (64 chars) of the auditor API key, NEVER the key itself: printf %s "$KEY" | sha256sum | cut -d" " -f1. Empty: no auditor key configured (auditor endpoints answer 401).')
param auditorKeySha256 string = ''

@maxLength(64)
@description('Lower-case HEX SHA-256 DIGEST (64 chars) of the office API key, NEVER the key itself. Empty: no office key configured (office endpoints answer 401).')
param officeKeySha256 string = ''

@description('Azure Front Door in front of the app (docs/front-door.md): "none", "standard" or "premium". It caches the citizen pages, images and open data as the app\'s Cache-Control allows. Empty means "none".')
@allowed([
  ''
  'none'
  'standard'
  'premium'
])
param frontDoor string = 'none'

// ---------------------------------------------------------------------------------------------
// Production (README.md: what each protection costs and how to restore)
// ---------------------------------------------------------------------------------------------

@description('Redundancy of the data account: Standard_LRS (3 copies in one datacenter, cheapest), Standard_ZRS (3 zones of the region), Standard_GRS (LRS + a copy in the paired region), Standard_GZRS (ZRS + paired region). Empty means Standard_ZRS; use Standard_LRS in a region without availability zones.')
@allowed([
  ''
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageRedundancy string = 'Standard_ZRS'

@description('Days a deleted or overwritten blob, a deleted container and an old blob version of the data account can be restored (1-365). Empty means "30".')
param blobSoftDeleteDays string = '30'

@description('Days the nightly table backups (container "backups") are kept. Empty means "35".')
param backupRetentionDays string = '35'

@description('E-mail that receives the alerts (5xx answers, failed jobs, poison messages). Empty: the alerts fire without notifying anyone.')
param alertEmail string = ''

@description('HTTP instances Flex keeps warm ("always ready"), billed even while idle. "0" (empty means "0"): none; "1" spares the first visitor after a quiet spell a cold start.')
param alwaysReadyInstances string = '0'

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var resourceGroupName = '${abbrs.resourcesResourceGroups}${environmentName}'
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
// Storage account names: 3-24 chars, lower-case letters and digits only ('st' + 13 = 15, 'stdata' + 13 = 19).
// The host keeps the account name installations had before the data moved out of it.
var hostStorageAccountName = take(toLower('${abbrs.storageStorageAccounts}${resourceToken}'), 24)
var dataStorageAccountName = take(toLower('${abbrs.storageStorageAccounts}data${resourceToken}'), 24)
// Key Vault names: 3-24 chars, letters, digits and hyphens ('kv-' + 13 = 16).
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var logAnalyticsName = '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var planName = '${abbrs.webServerFarms}${resourceToken}'
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package'
var frontDoorProfileName = 'afd-${resourceToken}'
var frontDoorEndpointName = 'obras-${resourceToken}'
var withFrontDoor = !empty(frontDoor) && frontDoor != 'none'

// ---------------------------------------------------------------------------------------------
// App settings from the parameters. azd passes an unset env var as '', so empty falls back to
// the documented default here rather than relying on the parameter default alone.
// ---------------------------------------------------------------------------------------------

var auditorHash = toLower(trim(auditorKeySha256))
var officeHash = toLower(trim(officeKeySha256))

// API keys: configuration holds only SHA-256 hex digests. An entry is written only when its
// digest is given (an entry with an empty digest would be a key nobody can present anyway).
var auditorKeySettings = empty(auditorHash) ? {} : {
  ObrasQr__Auth__Keys__0__Name: 'auditor'
  ObrasQr__Auth__Keys__0__Role: 'auditor'
  ObrasQr__Auth__Keys__0__Sha256: auditorHash
}
var officeKeySettings = empty(officeHash) ? {} : {
  ObrasQr__Auth__Keys__1__Name: 'office'
  ObrasQr__Auth__Keys__1__Role: 'office'
  ObrasQr__Auth__Keys__1__Sha256: officeHash
}

var obrasQrBaseSettings = {
  ObrasQr__SeedDemoData: empty(seedDemoData) ? 'false' : toLower(seedDemoData)
  ObrasQr__Sync__Schedule: empty(syncSchedule) ? '0 0 10 * * *' : syncSchedule
  ObrasQr__Sync__SodaBaseUrl: empty(syncSodaBaseUrl) ? 'https://www.datos.gov.co' : syncSodaBaseUrl
  ObrasQr__Sync__EntityNit: syncEntityNit
  ObrasQr__Reports__MaxPerClientPerHour: empty(reportsMaxPerClientPerHour) ? '60' : reportsMaxPerClientPerHour
  ObrasQr__Reports__HeldPhotoSweep: '0 */15 * * * *' // the held-photo timer's schedule: a %setting% must exist
  ObrasQr__Backup__Schedule: '0 0 8 * * *' // the nightly table backup (03:00 Colombia): a %setting% must exist
  ObrasQr__Trust__EntityName: trustEntityName
  ObrasQr__Trust__EntityNit: trustEntityNit
  ObrasQr__Trust__OfficeName: trustOfficeName
  ObrasQr__Trust__Email: trustEmail
  ObrasQr__Trust__Address: trustAddress
  ObrasQr__Trust__Phone: trustPhone

  ObrasQr__Mail__Host: mailHost
  ObrasQr__Mail__Port: empty(mailPort) ? '587' : mailPort
  ObrasQr__Mail__Security: empty(mailSecurity) ? 'starttls' : toLower(mailSecurity)
  ObrasQr__Mail__From: mailFrom
  ObrasQr__Mail__UserName: mailUserName
}

// Only requests that carry this profile's id are believed about their client (X-Azure-ClientIP).
var frontDoorSettings = !withFrontDoor ? {} : {
  ObrasQr__Http__FrontDoorId: frontDoorProfile!.outputs.frontDoorId
}

var obrasQrSettings = union(obrasQrBaseSettings, auditorKeySettings, officeKeySettings, frontDoorSettings)

var redundancy = empty(storageRedundancy) ? 'Standard_ZRS' : storageRedundancy
var softDeleteDays = int(empty(blobSoftDeleteDays) ? '30' : blobSoftDeleteDays)
var backupDays = int(empty(backupRetentionDays) ? '35' : backupRetentionDays)
var warmInstances = int(empty(alwaysReadyInstances) ? '0' : alwaysReadyInstances)

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: resourceGroupName
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: logAnalyticsName
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module hostStorage 'modules/host-storage.bicep' = {
  name: 'hostStorage'
  scope: rg
  params: {
    name: hostStorageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module dataStorage 'modules/storage.bicep' = {
  name: 'dataStorage'
  scope: rg
  params: {
    name: dataStorageAccountName
    location: location
    tags: tags
    redundancy: redundancy
    blobSoftDeleteDays: softDeleteDays
    backupRetentionDays: backupDays
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    reportsIdentityKey: reportsIdentityKey
    syncAppToken: syncAppToken
    mailPassword: mailPassword
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    hostStorageAccountName: hostStorage.outputs.name
    dataStorageAccountName: dataStorage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: empty(principalType) ? 'User' : principalType
  }
}

module frontDoorProfile 'modules/frontdoor-profile.bicep' = if (withFrontDoor) {
  name: 'frontDoorProfile'
  scope: rg
  params: {
    name: frontDoorProfileName
    skuName: frontDoor == 'premium' ? 'Premium_AzureFrontDoor' : 'Standard_AzureFrontDoor'
    tags: tags
  }
}

module api 'modules/functionapp.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: planName
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    hostStorageAccountName: hostStorage.outputs.name
    dataStorageAccountName: dataStorage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    maximumInstanceCount: 40
    instanceMemoryMB: 2048
    alwaysReadyInstances: warmInstances
    publicBaseUrl: publicBaseUrl
    obrasQrSettings: obrasQrSettings
    reportsIdentityKeySecretUri: keyVault.outputs.referenceUris.reportsIdentityKey
    reportsIdentityKeyId: reportsIdentityKeyId
    syncAppTokenSecretUri: empty(syncAppToken) ? '' : keyVault.outputs.referenceUris.syncAppToken
    mailPasswordSecretUri: empty(mailPassword) ? '' : keyVault.outputs.referenceUris.mailPassword
  }
  // The identity must hold its storage roles before the host starts and before `azd deploy`
  // uploads the package through it (its Key Vault role comes with keyVault's outputs).
  dependsOn: [
    rbac
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    namePrefix: api.outputs.name
    functionAppName: api.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    location: location
    tags: tags
    alertEmail: alertEmail
  }
}

module frontDoorRoutes 'modules/frontdoor.bicep' = if (withFrontDoor) {
  name: 'frontDoor'
  scope: rg
  params: {
    profileName: frontDoorProfile!.outputs.name
    endpointName: frontDoorEndpointName
    originHostName: api.outputs.defaultHostName
    tags: tags
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs (azd stores them in the environment's .env)
// ---------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
@description('The data account (tables, files, backups, job queues).')
output AZURE_STORAGE_ACCOUNT_NAME string = dataStorage.outputs.name
@description('The Functions host and deployment package account.')
output AZURE_HOST_STORAGE_ACCOUNT_NAME string = hostStorage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
@description('The Front Door endpoint\'s host name (empty without Front Door): point the public domain there.')
output FRONT_DOOR_HOST_NAME string = withFrontDoor ? frontDoorRoutes!.outputs.hostName : ''
