require 'etcd'

def seed
  sh %(curl -s http://127.0.0.1:2379/v2/keys/message -XPUT -d value=hi)
  client = Etcd.client(host: '127.0.0.1')
  n = total % (count)
end
