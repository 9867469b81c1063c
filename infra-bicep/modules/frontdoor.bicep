// Azure Front Door in front of the function app (docs/front-door.md): one endpoint, the app as its only origin,
// and routes that cache what the app marks cacheable. Front Door honours the origin's Cache-Control: the citizen
// page (/o/{id}) is cached only once the app sends it public, images (vista.png, QR codes, billboard panels,
// progress photos and thumbnails) for as long as the app says, and the open data files by ETag; everything the app
// sends no-store (forms, the desk, the API's writes) passes through.

@description('The profile made by frontdoor-profile.bicep.')
param profileName string

@description('Endpoint name: part of its host name <name>-<hash>.z01.azurefd.net.')
param endpointName string

@description('The function app\'s host name (its defaultHostName): the origin.')
param originHostName string

param tags object = {}

resource profile 'Microsoft.Cdn/profiles@2024-09-01' existing = {
  name: profileName
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-09-01' = {
  parent: profile
  name: endpointName
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2024-09-01' = {
  parent: profile
  name: 'functionapp'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    healthProbeSettings: {
      probePath: '/api/health'
      probeRequestType: 'GET'
      probeProtocol: 'Https'
      probeIntervalInSeconds: 100
    }
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2024-09-01' = {
  parent: originGroup
  name: 'functionapp'
  properties: {
    hostName: originHostName
    // The app sees its own host name, so its URLs and cookies stay valid; ObrasQr__PublicBaseUrl says what QR codes encode.
    originHostHeader: originHostName
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

// The open data files vary only by the parameters the app reads (?entity=, ?sep=): other query strings would only
// split the cache.
resource openDataRules 'Microsoft.Cdn/profiles/ruleSets@2024-09-01' = {
  parent: profile
  name: 'opendata'
}

resource openDataCacheKey 'Microsoft.Cdn/profiles/ruleSets/rules@2024-09-01' = {
  parent: openDataRules
  name: 'cachekey'
  properties: {
    order: 1
    conditions: [
      {
        name: 'UrlPath'
        parameters: {
          typeName: 'DeliveryRuleUrlPathMatchConditionParameters'
          operator: 'Equal'
          negateCondition: false
          matchValues: [
            'api/oc4ids.json'
            'api/contracts.csv'
            'api/billboards.zip'
          ]
          transforms: [
            'Lowercase'
          ]
        }
      }
    ]
    actions: [
      {
        name: 'RouteConfigurationOverride'
        parameters: {
          typeName: 'DeliveryRuleRouteConfigurationOverrideActionParameters'
          cacheConfiguration: {
            cacheBehavior: 'HonorOrigin'
            queryStringCachingBehavior: 'IncludeSpecifiedQueryStrings'
            queryParameters: 'entity,sep'
            isCompressionEnabled: 'Enabled'
          }
        }
      }
    ]
    matchProcessingBehavior: 'Stop'
  }
}

// Pages, images and open data: cached as the app's Cache-Control says, compressed when the client accepts it.
resource cachedRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-09-01' = {
  parent: endpoint
  name: 'cached'
  properties: {
    originGroup: {
      id: originGroup.id
    }
    ruleSets: [
      {
        id: openDataRules.id
      }
    ]
    patternsToMatch: [
      '/o/*'
      '/api/oc4ids.json'
      '/api/contracts.csv'
      '/api/billboards.zip'
    ]
    supportedProtocols: [
      'Http'
      'Https'
    ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    cacheConfiguration: {
      queryStringCachingBehavior: 'UseQueryString'
      compressionSettings: {
        isCompressionEnabled: true
        contentTypesToCompress: [
          'text/html'
          'text/csv'
          'text/css'
          'application/json'
          'image/svg+xml'
        ]
      }
    }
  }
  dependsOn: [
    origin
    openDataCacheKey
  ]
}

// Everything else (the index, the desk, the API, report submissions): forwarded, never cached.
resource passThroughRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-09-01' = {
  parent: endpoint
  name: 'passthrough'
  properties: {
    originGroup: {
      id: originGroup.id
    }
    patternsToMatch: [
      '/*'
    ]
    supportedProtocols: [
      'Http'
      'Https'
    ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
  }
  dependsOn: [
    origin
  ]
}

output hostName string = endpoint.properties.hostName
