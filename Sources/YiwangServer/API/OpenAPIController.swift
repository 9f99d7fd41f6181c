import Vapor

/// Serves the OpenAPI 3.1 document that describes every route (`Resources/OpenAPI/openapi.json`).
struct OpenAPIController: RouteCollection {
    let document: ByteBuffer

    init(directory: String) throws {
        let path = directory + "OpenAPI/openapi.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Abort(.internalServerError, reason: "OpenAPI document missing at \(path)")
        }
        document = ByteBuffer(data: data)
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.openAPI, use: serve)
    }

    @Sendable func serve(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(buffer: document))
        response.headers.contentType = .json
        return response
    }
}
