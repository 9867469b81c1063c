// Flex Consumption plan + the ObrasQr function app (.NET 10 isolated worker, Linux).
// Everything authenticates with the user-assigned identity: the host storage
// (AzureWebJobsStorage__*), the deployment package container, Application Insights and the
// app's Table/Blob clients (ObrasQr__Storage__*). On Flex, FUNCTIONS_WORKER_RUNTIME,
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

param storageAccountName string
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

@description('App settings specific to ObrasQr (ObrasQr__*), except PublicBaseUrl and the SODA app token.')
param obrasQrSettings object = {}

@secure()
@description('datos.gov.co (SODA) app token; empty for anonymous, rate-limited access.')
param syncAppToken string = ''

@secure()
@description('AES-256-GCM key (base64, 32 bytes) for reporters\' identities: ObrasQr__Reports__IdentityKeys__0__Key.')
param reportsIdentityKey string

@description('Its id, stored with each ciphertext: ObrasQr__Reports__IdentityKeys__0__Id.')
param reportsIdentityKeyId string = 'k1'

@secure()
@description('The SMTP password: ObrasQr__Mail__Password. Empty: no authentication.')
param mailPassword string = ''

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
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
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

var platformSettings = {
  // Functions host storage, identity-based (no connection string exists).
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId

  // Application Insights with Entra ID ingestion (local auth is disabled on the component).
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

  // The app's storage clients (Microsoft.Extensions.Azure binds these sections to the client
  // constructors: TableServiceClient(endpoint), BlobServiceClient(serviceUri)).
  ObrasQr__Storage__Tables__endpoint: storage.properties.primaryEndpoints.table
  ObrasQr__Storage__Tables__credential: 'managedidentity'
  ObrasQr__Storage__Tables__clientId: identityClientId
  ObrasQr__Storage__Blobs__serviceUri: storage.properties.primaryEndpoints.blob
  ObrasQr__Storage__Blobs__credential: 'managedidentity'
  ObrasQr__Storage__Blobs__clientId: identityClientId

  ObrasQr__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${functionApp.properties.defaultHostName}' : publicBaseUrl
  ObrasQr__Sync__AppToken: syncAppToken
  ObrasQr__Reports__IdentityKeys__0__Id: reportsIdentityKeyId
  ObrasQr__Reports__IdentityKeys__0__Key: reportsIdentityKey
  ObrasQr__Mail__Password: mailPassword
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(obrasQrSettings, platformSettings)
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output uri string = 'https://${functionApp.properties.defaultHostName}'
