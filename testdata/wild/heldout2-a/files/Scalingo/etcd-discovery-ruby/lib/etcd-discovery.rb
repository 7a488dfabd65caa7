## Require files from etcd-discovery

require "logger"
require "etcd"
require "json"

dir = File.join File.dirname(__FILE__), "etcd-discovery"
Dir["#{dir}/*.rb"].sort.each do |file|
  require file
end

module EtcdDiscovery
  attr_writer :config

  def self.config
    @config ||= Config.new
  end

  def self.configure(&block)
    yield config if block
    config.validate
  end

  # For a cleaner API
  def self.get(service, shard: nil)
    Service.get(service, shard: shard)
  end

  def self.register(service, host)
    Registration.register(service, host)
  end
end
