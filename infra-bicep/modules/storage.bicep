// Storage account shared by the Functions host (AzureWebJobsStorage), the Flex deployment
// package and the app's own data (Table + Blob). Shared-key access is disabled: every
// client, including the host and the deployment, authenticates with Entra ID.

param name string
param location string
param tags object = {}

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Blob containers the app uses (besides the deployment container): one, "files", for raw exports and report photos by path (functions/Storage/BlobFileStore.cs).')
param appContainerNames array = [
  'files'
]

@description('Tables the app uses (docs/azure-tables.md; names in functions/Storage/AzureStore.cs). The app creates missing ones at start too; declaring them keeps `azd provision` self-describing.')
param tableNames array = [
  'contracts'
  'reports'
  'reportindex'
  'reporters'
  'identityaccess'
  'exports'
  'syncstate'
  'staff'
  'staffsessions'
  'staffchanges'
  'progress'
  'mailoutbox'
  'withdrawals'
  'withdrawalacts'
  'works'
  'figures'
  'jobs'
]

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for containerName in concat([deploymentContainerName], appContainerNames): {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output tableEndpoint string = storage.properties.primaryEndpoints.table
