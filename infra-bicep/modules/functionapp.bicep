// Flex Consumption plan + the ObrasQr function app (.NET 10 isolated worker, Linux).
// Everything authenticates with the user-assigned identity: the host storage account
// (AzureWebJobsStorage__*, the deployment package container), Application Insights, the app's
// Table/Blob/Queue clients on the data account (ObrasQr__Storage__*) and the Key Vault references
// that carry the secrets. On Flex, FUNCTIONS_WORKER_RUNTIME,
// FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE are NOT app settings: the runtime
// and the package location live in functionAppConfig.

param name string
param planName string
param location string
param tags object = {}

@description('Value of the azd-service-name tag: must match the service name in azure.yaml.')
param serviceName string = 'api'

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Storage account of the Functions host and the deployment package.')
param hostStorageAccountName string

@description('Storage account of the app\'s data: tables, blobs, job queues.')
param dataStorageAccountName string

param deploymentContainerName string
param applicationInsightsName string

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('What the QR codes encode. Empty: the app\'s own https://<defaultHostName>.')
param publicBaseUrl string = ''

@minValue(0)
@description('HTTP instances kept warm (Flex "always ready", billed while idle); 0: none, the first request after a quiet spell waits for a cold start.')
param alwaysReadyInstances int = 0

@description('App settings specific to ObrasQr (ObrasQr__*), except PublicBaseUrl and the secrets.')
param obrasQrSettings object = {}

@description('Key Vault secret URI of the reporters\' identity key: ObrasQr__Reports__IdentityKeys__0__Key.')
param reportsIdentityKeySecretUri string

@description('Its id, stored with each ciphertext: ObrasQr__Reports__IdentityKeys__0__Id.')
param reportsIdentityKeyId string = 'k1'

@description('Key Vault secret URI of the datos.gov.co (SODA) app token; empty: anonymous, rate-limited access.')
param syncAppTokenSecretUri string = ''

@description('Key Vault secret URI of the SMTP password: ObrasQr__Mail__Password. Empty: no authentication.')
param mailPasswordSecretUri string = ''

resource hostStorage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: hostStorageAccountName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: dataStorageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references are read with the user-assigned identity (the app has no system identity).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: {
        allowedOrigins: []
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          // primaryEndpoints.blob ends with '/': https://<account>.blob.core.windows.net/<container>
          value: '${hostStorage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReadyInstances == 0 ? [] : [
          {
            name: 'http'
            instanceCount: alwaysReadyInstances
          }
        ]
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// An app setting holds a reference, never the secret: the platform resolves it with keyVaultReferenceIdentity.
func keyVaultReference(secretUri string) string => empty(secretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${secretUri})'

var platformSettings = {
  // Functions host storage, identity-based (no connection string exists).
  AzureWebJobsStorage__accountName: hostStorage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId

  // Application Insights with Entra ID ingestion (local auth is disabled on the component).
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

  // The app's storage clients, all on the data account (Microsoft.Extensions.Azure binds these sections to the
  // client constructors: TableServiceClient(endpoint), BlobServiceClient(serviceUri), QueueServiceClient(serviceUri)).
  // The Functions queue trigger reads the same Queues section as an identity connection, under queueServiceUri.
  ObrasQr__Storage__Tables__endpoint: dataStorage.properties.primaryEndpoints.table
  ObrasQr__Storage__Tables__credential: 'managedidentity'
  ObrasQr__Storage__Tables__clientId: identityClientId
  ObrasQr__Storage__Blobs__serviceUri: dataStorage.properties.primaryEndpoints.blob
  ObrasQr__Storage__Blobs__credential: 'managedidentity'
  ObrasQr__Storage__Blobs__clientId: identityClientId
  ObrasQr__Storage__Queues__serviceUri: dataStorage.properties.primaryEndpoints.queue
  ObrasQr__Storage__Queues__queueServiceUri: dataStorage.properties.primaryEndpoints.queue
  ObrasQr__Storage__Queues__credential: 'managedidentity'
  ObrasQr__Storage__Queues__clientId: identityClientId

  ObrasQr__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${functionApp.properties.defaultHostName}' : publicBaseUrl
  ObrasQr__Sync__AppToken: keyVaultReference(syncAppTokenSecretUri)
  ObrasQr__Reports__IdentityKeys__0__Id: reportsIdentityKeyId
  ObrasQr__Reports__IdentityKeys__0__Key: keyVaultReference(reportsIdentityKeySecretUri)
  ObrasQr__Mail__Password: keyVaultReference(mailPasswordSecretUri)
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(obrasQrSettings, platformSettings)
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output uri string = 'https://${functionApp.properties.defaultHostName}'
